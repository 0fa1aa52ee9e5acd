package io.sabot.actors.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Live metrics of the tasks of one job that run on this node. */
public final class JobMetrics {

    private final Map<TaskId, TaskMetrics> tasks = new ConcurrentHashMap<>();
    private volatile long lastCheckpoint = -1;
    private volatile long lastCheckpointMillis;
    private volatile long abortedCheckpoints;

    /** Checkpoint {@code checkpointId} completed, in {@code duration}. */
    void checkpointCompleted(long checkpointId, Duration duration) {
        lastCheckpointMillis = duration.toMillis();
        lastCheckpoint = checkpointId;
    }

    /** A checkpoint was aborted (timed out, declined, not stored, subsumed). */
    void checkpointAborted() {
        abortedCheckpoints++;
    }

    /** How many checkpoints were aborted. */
    public long abortedCheckpoints() {
        return abortedCheckpoints;
    }

    /** The id of the last completed checkpoint, or -1 before the first. */
    public long lastCheckpoint() {
        return lastCheckpoint;
    }

    /** How long the last completed checkpoint took, from its trigger to its completion (ms). */
    public long lastCheckpointMillis() {
        return lastCheckpointMillis;
    }

    TaskMetrics forTask(TaskId task) {
        return tasks.computeIfAbsent(task, t -> new TaskMetrics());
    }

    /** Rows that entered the vertex's subtasks (for a source: rows read). */
    public long rowsIn(String vertex) {
        return tasks.entrySet().stream().filter(e -> e.getKey().vertex().equals(vertex))
                .mapToLong(e -> e.getValue().rowsIn()).sum();
    }

    /** Distinct keys seen by the vertex's subtasks (disjoint on a keyed stream). */
    public long keys(String vertex) {
        return tasks.entrySet().stream().filter(e -> e.getKey().vertex().equals(vertex))
                .mapToLong(e -> e.getValue().keys()).sum();
    }

    /**
     * The vertex's event time: the smallest watermark its subtasks on this node have sent downstream
     * (Long.MIN_VALUE before they all sent one, or when the vertex has no subtask here).
     */
    public long watermark(String vertex) {
        return tasks.entrySet().stream().filter(e -> e.getKey().vertex().equals(vertex))
                .mapToLong(e -> e.getValue().watermark()).min().orElse(Long.MIN_VALUE);
    }

    /** How long batches took from their sources to the subtasks of {@code vertex} (a sink) on this node. */
    public LatencyHistogram latency(String vertex) {
        LatencyHistogram all = new LatencyHistogram();
        tasks.entrySet().stream().filter(e -> e.getKey().vertex().equals(vertex))
                .forEach(e -> all.add(e.getValue().latency()));
        return all;
    }

    /** Batches waiting in the vertex's input queues right now. */
    public long queuedBatches(String vertex) {
        return tasks.entrySet().stream().filter(e -> e.getKey().vertex().equals(vertex))
                .mapToLong(e -> e.getValue().queuedBatches()).sum();
    }
}
