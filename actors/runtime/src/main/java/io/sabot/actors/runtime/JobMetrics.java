package io.sabot.actors.runtime;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Live metrics of the tasks of one job that run on this node. Per vertex they cover each subtask's
 * newest incarnation here (of the newest attempt; after a partial restart some subtasks run in a
 * newer attempt than others), except {@link #rowsInAllAttempts}; {@link #recoveries} times the restarts.
 */
public final class JobMetrics {

    private final Map<TaskId, TaskMetrics> tasks = new ConcurrentHashMap<>();
    private final List<Duration> recoveries = new CopyOnWriteArrayList<>();
    /** An attempt that failed, until a later attempt processes rows (-1: none). */
    private volatile int failedAttempt = -1;
    private volatile long failedAtNanos;
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
        return tasks.computeIfAbsent(task, t -> new TaskMetrics(this, t.attempt()));
    }

    /** Attempt {@code attempt} failed (first noticed at {@code nanos}); the time to recover runs until a later one processes rows. */
    void attemptFailed(int attempt, long nanos) {
        synchronized (recoveries) {
            if (failedAttempt < 0) {
                failedAtNanos = nanos; // a failure before the last one recovered: the recovery runs from the first
            }
            failedAttempt = Math.max(failedAttempt, attempt);
        }
    }

    /** A task of {@code attempt} processed rows: if that ends a recovery, its duration is recorded. */
    void processed(int attempt) {
        int failed = failedAttempt; // volatile read per batch: the rest only after a failure
        if (failed >= 0 && attempt > failed) {
            synchronized (recoveries) {
                if (failedAttempt >= 0 && attempt > failedAttempt) {
                    recoveries.add(Duration.ofNanos(System.nanoTime() - failedAtNanos));
                    failedAttempt = -1;
                }
            }
        }
    }

    /** Per restart after a failure: from the failure being noticed to the next attempt processing rows. */
    public List<Duration> recoveries() {
        return List.copyOf(recoveries);
    }

    /**
     * The newest incarnation of each task that ran on this node, in id order; of an older attempt
     * only if it was not cancelled or failed (it still runs, after a partial restart of other tasks).
     */
    public List<TaskId> currentTasks() {
        int attempt = tasks.keySet().stream().mapToInt(TaskId::attempt).max().orElse(0);
        Map<String, TaskId> newest = new HashMap<>();
        tasks.forEach((task, metrics) -> {
            if (task.attempt() == attempt || !metrics.isDiscarded()) {
                newest.merge(task.taskKey(), task, (a, b) -> a.attempt() >= b.attempt() ? a : b);
            }
        });
        return newest.values().stream()
                .sorted(Comparator.comparing(TaskId::vertex).thenComparingInt(TaskId::subtask)).toList();
    }

    /** Rows that entered the vertex's subtasks in the current attempt (for a source: rows read). */
    public long rowsIn(String vertex) {
        return current(vertex).mapToLong(TaskMetrics::rowsIn).sum();
    }

    /** Rows that entered the vertex's subtasks in every attempt: with {@link #rowsIn}, what restarts read again. */
    public long rowsInAllAttempts(String vertex) {
        return tasks.entrySet().stream().filter(e -> e.getKey().vertex().equals(vertex))
                .mapToLong(e -> e.getValue().rowsIn()).sum();
    }

    private Stream<TaskMetrics> current(String vertex) {
        return currentTasks().stream().filter(task -> task.vertex().equals(vertex)).map(tasks::get);
    }

    /** Distinct keys seen by the vertex's subtasks (disjoint on a keyed stream). */
    public long keys(String vertex) {
        return current(vertex).mapToLong(TaskMetrics::keys).sum();
    }

    /**
     * The vertex's event time: the smallest watermark its subtasks on this node have sent downstream
     * (Long.MIN_VALUE before they all sent one, or when the vertex has no subtask here).
     */
    public long watermark(String vertex) {
        return current(vertex).mapToLong(TaskMetrics::watermark).min().orElse(Long.MIN_VALUE);
    }

    /** How long batches took from their sources to the subtasks of {@code vertex} (a sink) on this node. */
    public LatencyHistogram latency(String vertex) {
        LatencyHistogram all = new LatencyHistogram();
        current(vertex).forEach(task -> all.add(task.latency()));
        return all;
    }

    /** Batches waiting in the vertex's input queues right now. */
    public long queuedBatches(String vertex) {
        return current(vertex).mapToLong(TaskMetrics::queuedBatches).sum();
    }
}
