package io.sabot.actors.api;

/**
 * Time as a per-record function sees it. Registering event- and processing-time timers comes with
 * the event-time runtime (watermarks module); reading the clocks works now.
 */
public interface TimerService {

    long currentProcessingTime();

    /** The combined watermark of the subtask's inputs (Long.MIN_VALUE before the first). */
    long currentWatermark();
}
