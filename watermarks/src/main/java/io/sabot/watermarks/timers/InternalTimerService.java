package io.sabot.watermarks.timers;

import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.TimerQueue;
import io.sabot.state.backend.TimerQueue.Timer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The {@link OperatorTimerService} of one operator in one subtask, kept in the subtask's keyed state
 * backend (Flink's {@code InternalTimerServiceImpl}), so every snapshot holds the timers. The
 * runtime creates it with its processing-time clock and a way to be woken up.
 */
public final class InternalTimerService implements OperatorTimerService {

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

    @Override
    public long currentWatermark() {
        return currentWatermark;
    }

    @Override
    public long currentProcessingTime() {
        return clock.getAsLong();
    }

    /** Registers an event-time timer for the backend's current key. */
    @Override
    public void registerEventTimeTimer(byte[] namespace, long time) {
        eventTimers.add(time, namespace);
    }

    @Override
    public void deleteEventTimeTimer(byte[] namespace, long time) {
        eventTimers.remove(time, namespace);
    }

    /** Registers a processing-time timer for the backend's current key. */
    @Override
    public void registerProcessingTimeTimer(byte[] namespace, long time) {
        long next = processingTimers.nextTimestamp();
        processingTimers.add(time, namespace);
        if (time < next) {
            wakeUpAt.accept(time);
        }
    }

    @Override
    public void deleteProcessingTimeTimer(byte[] namespace, long time) {
        processingTimers.remove(time, namespace);
    }

    /** How many event-time timers are registered. */
    @Override
    public long eventTimeTimers() {
        return eventTimers.size();
    }

    /** Moves event time to {@code watermark} (never back) and fires every event-time timer it passes. */
    @Override
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
    @Override
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
