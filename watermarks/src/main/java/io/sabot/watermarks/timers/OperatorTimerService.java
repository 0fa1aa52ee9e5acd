package io.sabot.watermarks.timers;

import io.sabot.state.backend.TimerQueue.Timer;

/**
 * The timers of one operator in one subtask, as an operator (a window, a per-record function's
 * runner) uses them: event-time and processing-time timers per (key, time, namespace) for the
 * current key, and the two clocks that fire them. Namespaces tell timers of one key apart (a
 * window's bytes); user timers use the empty namespace. One timer per (key, time, namespace).
 *
 * <p>Advancing event time sets the watermark first, then fires every timer at or before it in time
 * order, with the current key set to each timer's key; a timer registered while firing, at or before
 * the watermark, fires in the same pass (as in Flink).
 */
public interface OperatorTimerService {

    /** Receives fired timers, with the current key already set to the timer's key. */
    interface Triggerable {
        void onEventTime(Timer timer) throws Exception;

        void onProcessingTime(Timer timer) throws Exception;
    }

    /** The watermark the timers were last advanced to (Long.MIN_VALUE before the first). */
    long currentWatermark();

    /** Wall-clock time in epoch milliseconds. */
    long currentProcessingTime();

    /** Registers an event-time timer for the current key. */
    void registerEventTimeTimer(byte[] namespace, long time);

    void deleteEventTimeTimer(byte[] namespace, long time);

    /** Registers a processing-time timer for the current key; the runtime wakes the operator when it is due. */
    void registerProcessingTimeTimer(byte[] namespace, long time);

    void deleteProcessingTimeTimer(byte[] namespace, long time);

    /** How many event-time timers are registered. */
    long eventTimeTimers();

    /** Moves event time to {@code watermark} (never back) and fires every event-time timer it passes. */
    void advanceWatermark(long watermark, Triggerable target) throws Exception;

    /** Fires every processing-time timer due now, then asks the runtime to wake the operator for the next. */
    void advanceProcessingTime(Triggerable target) throws Exception;
}
