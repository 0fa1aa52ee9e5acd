package io.sabot.watermarks.timers;

import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.TimerQueue;
import io.sabot.state.backend.TimerQueue.Timer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The timers of one operator in one subtask (Flink's {@code InternalTimerService}): event-time and
 * processing-time timers per (key, time, namespace), kept in the subtask's keyed state backend so
 * every snapshot holds them. Operators use namespaces to tell timers of one key apart (a window's
 * bytes); user timers use the empty namespace.
 *
 * <p>Advancing event time sets the watermark first and then fires every timer at or before it in
 * time order, with the backend's current key set to each timer's key; a timer registered while
 * firing at or before the watermark fires in the same pass, as in Flink.
 */
public final class InternalTimerService {

    /** Receives fired timers, with the backend's current key already set to the timer's key. */
    public interface Triggerable {
        void onEventTime(Timer timer) throws Exception;

        void onProcessingTime(Timer timer) throws Exception;
    }

    private final KeyedStateBackend backend;
    private final TimerQueue eventTimers;
    private final TimerQueue processingTimers;
    private final LongSupplier clock;
    private final LongConsumer wakeUpAt;
    private long currentWatermark = Long.MIN_VALUE;

    /**
     * @param name     the operator's timers, distinct from other operators sharing the backend
     * @param clock    the processing-time clock (epoch milliseconds)
     * @param wakeUpAt asks the runtime to call {@link #advanceProcessingTime} at (or after) a time
     */
    public InternalTimerService(KeyedStateBackend backend, String name, LongSupplier clock, LongConsumer wakeUpAt) {
        this.backend = backend;
        this.eventTimers = backend.timers(name + "/event-time");
        this.processingTimers = backend.timers(name + "/processing-time");
        this.clock = clock;
        this.wakeUpAt = wakeUpAt;
        long restored = processingTimers.nextTimestamp();
        if (restored != Long.MAX_VALUE) {
            wakeUpAt.accept(restored);
        }
    }

    public long currentWatermark() {
        return currentWatermark;
    }

    public long currentProcessingTime() {
        return clock.getAsLong();
    }

    /** Registers an event-time timer for the backend's current key. */
    public void registerEventTimeTimer(byte[] namespace, long time) {
        eventTimers.add(time, namespace);
    }

    public void deleteEventTimeTimer(byte[] namespace, long time) {
        eventTimers.remove(time, namespace);
    }

    /** Registers a processing-time timer for the backend's current key. */
    public void registerProcessingTimeTimer(byte[] namespace, long time) {
        long next = processingTimers.nextTimestamp();
        processingTimers.add(time, namespace);
        if (time < next) {
            wakeUpAt.accept(time);
        }
    }

    public void deleteProcessingTimeTimer(byte[] namespace, long time) {
        processingTimers.remove(time, namespace);
    }

    /** How many event-time timers are registered. */
    public long eventTimeTimers() {
        return eventTimers.size();
    }

    /** Moves event time to {@code watermark} (never back) and fires every event-time timer it passes. */
    public void advanceWatermark(long watermark, Triggerable target) throws Exception {
        if (watermark <= currentWatermark) {
            return;
        }
        currentWatermark = watermark;
        Timer timer;
        while ((timer = eventTimers.pollUpTo(watermark)) != null) {
            backend.setCurrentKeyObject(timer.key());
            target.onEventTime(timer);
        }
    }

    /** Fires every processing-time timer due at the clock's current time, then asks to be woken for the next. */
    public void advanceProcessingTime(Triggerable target) throws Exception {
        long now = clock.getAsLong();
        Timer timer;
        while ((timer = processingTimers.pollUpTo(now)) != null) {
            backend.setCurrentKeyObject(timer.key());
            target.onProcessingTime(timer);
        }
        long next = processingTimers.nextTimestamp();
        if (next != Long.MAX_VALUE) {
            wakeUpAt.accept(next);
        }
    }
}
