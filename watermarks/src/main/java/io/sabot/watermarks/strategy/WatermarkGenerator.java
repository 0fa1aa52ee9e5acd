package io.sabot.watermarks.strategy;

/**
 * Generates watermarks from the timestamps of records, as Flink's {@code WatermarkGenerator}:
 * {@link #onEvent} for every record, in order, before its successors; {@link #onPeriodicEmit}
 * after every batch and on the auto-watermark interval.
 *
 * <p>Checkpoints. Unlike Flink, Sabot keeps a generator's event-time state in every checkpoint, so
 * a restored job judges lateness exactly as a run without failure: {@link #snapshotState} after a
 * batch, {@link #restoreState} before the first record of a restored run. A generator whose
 * watermarks depend on nothing but the records it saw keeps that (the largest timestamp, say);
 * processing-time state such as an idleness timer starts afresh.
 */
public interface WatermarkGenerator {

    void onEvent(long eventTimestamp, WatermarkOutput output);

    void onPeriodicEmit(WatermarkOutput output);

    /** The generator's event-time state (empty: none). */
    default long[] snapshotState() {
        return new long[0];
    }

    /** Resumes from what {@link #snapshotState} returned in an earlier run. */
    default void restoreState(long[] state) {}
}
