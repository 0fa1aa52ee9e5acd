package io.sabot.actors.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

/**
 * How a job ended. {@code vertices} holds the totals per vertex; {@code barriers} maps each
 * checkpoint barrier that reached every sink to the number of rows the sinks had received before it.
 */
public record JobResult(String jobId, String jobName, boolean succeeded, String error, Duration duration,
                        Map<String, TaskStats> vertices, SortedMap<Long, Long> barriers) {

    public TaskStats stats(String vertex) {
        return vertices.getOrDefault(vertex, TaskStats.EMPTY);
    }
}
