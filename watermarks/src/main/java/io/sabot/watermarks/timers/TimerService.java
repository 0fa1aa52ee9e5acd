package io.sabot.watermarks.timers;

/**
 * Time as a keyed function sees it, with Flink's names: the two clocks, and timers for the current
 * key. A timer is identified by (key, time): registering it twice is one timer, deleting it removes
 * it wherever it was registered from. Event-time timers fire when the watermark reaches their time,
 * processing-time timers when the wall clock does.
 */
public interface TimerService {

    /** Wall-clock time in epoch milliseconds. */
    long currentProcessingTime();

    /** The subtask's combined input watermark (Long.MIN_VALUE before the first). */
    long currentWatermark();

    void registerEventTimeTimer(long time);

    void registerProcessingTimeTimer(long time);

    void deleteEventTimeTimer(long time);

    void deleteProcessingTimeTimer(long time);
}
