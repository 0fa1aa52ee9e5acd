package io.sabot.actors.runtime;

/**
 * Live counters of one task. Written only by the task's actor, read by anyone (progress lines):
 * single writer, volatile fields.
 */
public final class TaskMetrics {

    private volatile long rowsIn;
    private volatile long rowsOut;
    private volatile long batchesIn;
    private volatile long batchesOut;
    private volatile int keys;
    private volatile long queuedBatches;
    private volatile long watermark = Long.MIN_VALUE;

    void addIn(int rows) {
        rowsIn += rows;
        batchesIn++;
    }

    void addOut(int rows) {
        rowsOut += rows;
        batchesOut++;
    }

    void keys(int count) {
        keys = count;
    }

    void queuedBatches(long count) {
        queuedBatches = count;
    }

    void watermark(long forwarded) {
        watermark = forwarded;
    }

    public long rowsIn() {
        return rowsIn;
    }

    public long rowsOut() {
        return rowsOut;
    }

    public long batchesIn() {
        return batchesIn;
    }

    public int keys() {
        return keys;
    }

    /** Batches waiting in the task's input queues right now. */
    public long queuedBatches() {
        return queuedBatches;
    }

    /** The last watermark the task sent downstream (Long.MIN_VALUE before the first). */
    public long watermark() {
        return watermark;
    }

    public TaskStats snapshot() {
        return new TaskStats(rowsIn, rowsOut, batchesIn, batchesOut, keys);
    }
}
