package io.sabot.watermarks.strategy;

/**
 * Generates watermarks from the timestamps of records, as Flink's {@code WatermarkGenerator}:
 * {@link #onEvent} for every record, in order, before its successors; {@link #onPeriodicEmit}
 * after every batch and on the auto-watermark interval.
 */
public interface WatermarkGenerator {

    void onEvent(long eventTimestamp, WatermarkOutput output);

    void onPeriodicEmit(WatermarkOutput output);
}
