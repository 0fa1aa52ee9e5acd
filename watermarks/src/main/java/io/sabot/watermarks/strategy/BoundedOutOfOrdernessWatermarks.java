package io.sabot.watermarks.strategy;

import java.time.Duration;

/**
 * Flink's bounded out-of-orderness watermarks: the watermark is the largest timestamp seen minus the
 * bound minus 1. Sabot emits it after every record (Flink only on the periodic interval), so results
 * never depend on batch size or timing; they equal Flink's with per-record emission.
 */
public final class BoundedOutOfOrdernessWatermarks implements WatermarkGenerator {

    private final long outOfOrdernessMillis;
    private long maxTimestamp;

    public BoundedOutOfOrdernessWatermarks(Duration maxOutOfOrderness) {
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("the out-of-orderness bound must not be negative, was " + maxOutOfOrderness);
        }
        this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
        // so that the first watermark, before any record, is Long.MIN_VALUE (as Flink)
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
            onPeriodicEmit(output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(maxTimestamp - outOfOrdernessMillis - 1);
    }

    /** The largest timestamp seen. */
    @Override
    public long[] snapshotState() {
        return new long[] {maxTimestamp};
    }

    @Override
    public void restoreState(long[] state) {
        maxTimestamp = state[0];
    }
}
