package io.sabot.watermarks.strategy;

/** Where a {@link WatermarkGenerator} emits, as Flink's {@code WatermarkOutput}. */
public interface WatermarkOutput {

    /** Event time has reached {@code watermark}; a lower one than before is ignored. */
    void emitWatermark(long watermark);

    /** This input stops holding back downstream watermarks until it emits again. */
    void markIdle();

    /** This input holds back downstream watermarks again. */
    void markActive();
}
