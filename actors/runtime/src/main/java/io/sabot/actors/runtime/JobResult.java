package io.sabot.actors.runtime;

import io.sabot.actors.serialization.ControlMessage;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

/**
 * How a job ended. {@code vertices} holds the totals per vertex; {@code barriers} describes every
 * checkpoint barrier that reached all sinks.
 */
public record JobResult(String jobId, String jobName, boolean succeeded, String error, Duration duration,
                        Map<String, TaskStats> vertices, SortedMap<Long, BarrierStats> barriers)
        implements ControlMessage {

    /**
     * Where a barrier was: the rows all sources had emitted before injecting it, and the rows all
     * sinks had received before it arrived.
     */
    public record BarrierStats(long sourceRows, long sinkRows) {}

    public TaskStats stats(String vertex) {
        return vertices.getOrDefault(vertex, TaskStats.EMPTY);
    }
}
