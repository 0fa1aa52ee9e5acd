package io.sabot.actors.runtime;

import io.sabot.actors.serialization.ControlMessage;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

/**
 * How a job ended. {@code vertices} holds the totals per vertex and {@code barriers} describes every
 * checkpoint barrier that reached all sinks, both of the last attempt, which resumed from checkpoint
 * {@code resumedFrom} (-1: it started from the beginning; its totals then cover the whole input; after
 * a partial restart, the checkpoint the restarted tasks resumed from: their totals are of the rows
 * after it); {@code restarts} counts the restarts after failures, whole or partial. {@code cause} holds the exception
 * of the first task that failed, serialized ({@link FailureCause}; null if no task failed).
 */
public record JobResult(String jobId, String jobName, boolean succeeded, String error, Duration duration,
                        Map<String, TaskStats> vertices, SortedMap<Long, BarrierStats> barriers, long resumedFrom,
                        int restarts, byte[] cause) implements ControlMessage {

    /**
     * Where a barrier was: the rows all sources had emitted before injecting it, and the rows all
     * sinks had received before it arrived.
     */
    public record BarrierStats(long sourceRows, long sinkRows) {}

    /** This result, after {@code restarts} restarts and taking {@code duration} over all attempts. */
    public JobResult afterRestarts(int restarts, Duration duration) {
        return new JobResult(jobId, jobName, succeeded, error, duration, vertices, barriers, resumedFrom, restarts, cause);
    }

    /** This result as a failure: {@code error}. */
    public JobResult failedWith(String error) {
        return new JobResult(jobId, jobName, false, error, duration, vertices, barriers, resumedFrom, restarts, cause);
    }

    /** The exception of the first task that failed (a copy), or null. */
    public Throwable failureCause() {
        return FailureCause.deserialize(cause);
    }

    public TaskStats stats(String vertex) {
        return vertices.getOrDefault(vertex, TaskStats.EMPTY);
    }
}
