package io.sabot.actors.runtime;

/**
 * Totals of one task, reported when it finishes, or of all subtasks of a vertex ({@link #plus}).
 * {@code busyNanos} is the time spent working on elements (a source reading, an agent processing, a
 * sink writing), without the time spent waiting for input or for credit.
 */
public record TaskStats(long rowsIn, long rowsOut, long batchesIn, long batchesOut, int keys, long busyNanos) {

    public static final TaskStats EMPTY = new TaskStats(0, 0, 0, 0, 0, 0);

    public TaskStats plus(TaskStats other) {
        return new TaskStats(rowsIn + other.rowsIn, rowsOut + other.rowsOut, batchesIn + other.batchesIn,
                batchesOut + other.batchesOut, keys + other.keys, busyNanos + other.busyNanos);
    }

    /**
     * The rows per second {@code parallelism} subtasks of this vertex handle while busy: {@code rows}
     * over the busy time of one subtask on average. What the vertex could sustain if nothing else
     * held it back; the slowest vertex bounds the job.
     */
    public double busyRate(long rows, int parallelism) {
        return busyNanos == 0 ? Double.NaN : rows / (busyNanos / 1e9 / parallelism);
    }
}
