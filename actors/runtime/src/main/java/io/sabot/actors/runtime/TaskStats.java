package io.sabot.actors.runtime;

/** Totals of one task, reported when it finishes. */
public record TaskStats(long rowsIn, long rowsOut, long batchesIn, long batchesOut, int keys) {

    public static final TaskStats EMPTY = new TaskStats(0, 0, 0, 0, 0);

    public TaskStats plus(TaskStats other) {
        return new TaskStats(rowsIn + other.rowsIn, rowsOut + other.rowsOut, batchesIn + other.batchesIn,
                batchesOut + other.batchesOut, keys + other.keys);
    }
}
