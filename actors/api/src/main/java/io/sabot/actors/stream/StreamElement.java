package io.sabot.actors.stream;

/**
 * What flows on every channel between subtasks, in order: data batches, watermarks, watermark
 * status changes, checkpoint barriers and the end of input. A channel never reorders elements.
 */
public sealed interface StreamElement
        permits Batch, Watermark, WatermarkStatus, CheckpointBarrier, EndOfInput {}
