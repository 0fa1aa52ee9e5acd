package io.sabot.actors.stream;

/** A channel stops (IDLE) or resumes (ACTIVE) holding back the combined watermark. */
public enum WatermarkStatus implements StreamElement {
    IDLE,
    ACTIVE
}
