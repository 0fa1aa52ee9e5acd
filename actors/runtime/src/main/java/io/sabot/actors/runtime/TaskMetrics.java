package io.sabot.actors.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Live counters of one task. Written only by the task's actor, read by anyone (progress lines):
 * single writer, volatile fields.
 */
public final class TaskMetrics {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private volatile long rowsIn;
    private volatile long rowsOut;
    private volatile long batchesIn;
    private volatile long batchesOut;
    private volatile int keys;
    private volatile long queuedBatches;
    private volatile long watermark = Long.MIN_VALUE;
    private volatile long busyNanos;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final JobMetrics job;
    private final int attempt;
    private volatile boolean discarded; // cancelled or failed: its work was thrown away

    TaskMetrics(JobMetrics job, int attempt) {
        this.job = job;
        this.attempt = attempt;
    }

    void addIn(int rows) {
        rowsIn += rows;
        batchesIn++;
        job.processed(attempt);
    }

    /** The task was cancelled or failed: what it did was thrown away. */
    void discarded() {
        discarded = true;
    }

    boolean isDiscarded() {
        return discarded;
    }

    void addOut(int rows) {
        rowsOut += rows;
        batchesOut++;
    }

    /**
     * The clock busy time is measured with: the calling thread's CPU time where the JVM offers it
     * (so time the thread spent descheduled, on a machine with fewer cores than busy threads, does
     * not count), else the wall clock.
     */
    static long busyClock() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Time spent working on elements (reading, processing or writing them), not waiting for input or credit. */
    void addBusy(long nanos) {
        busyNanos += nanos;
    }

    /** A sink received a batch whose rows left their source {@code nanos} ago. */
    void latency(long nanos) {
        latency.record(nanos);
    }

    /** How long batches took from their source to this task (a sink). */
    public LatencyHistogram latency() {
        return latency;
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

    public long busyNanos() {
        return busyNanos;
    }

    public TaskStats snapshot() {
        return new TaskStats(rowsIn, rowsOut, batchesIn, batchesOut, keys, busyNanos);
    }
}
