package io.sabot.watermarks.strategy;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Marks the input idle when no record arrived for longer than the idle timeout, as Flink's
 * {@code WatermarksWithIdleness} with its {@code IdlenessTimer}: a periodic check that sees no new
 * record since the previous one starts the inactivity period, and a later check more than the
 * timeout after that start marks the input idle. The input becomes active again by emitting a
 * higher watermark (the source does that), not by a record alone.
 *
 * <p>The clock should not advance while the source is blocked by backpressure (the runtime passes
 * such a clock), so a slow consumer never makes a source look idle.
 */
final class WatermarksWithIdleness implements WatermarkGenerator {

    private final WatermarkGenerator generator;
    private final long timeoutMillis;
    private final LongSupplier clock;
    private long events;
    private long eventsAtLastCheck;
    private long inactiveSince = -1; // clock time of the first check that saw no new record; -1: active
    private boolean idle;

    WatermarksWithIdleness(WatermarkGenerator generator, Duration timeout, LongSupplier clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, was " + timeout);
        }
        this.generator = generator;
        this.timeoutMillis = timeout.toMillis();
        this.clock = clock;
    }

    @Override
    public void onEvent(long eventTimestamp, WatermarkOutput output) {
        generator.onEvent(eventTimestamp, output);
        events++;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (checkIfIdle()) {
            if (!idle) {
                output.markIdle();
                idle = true;
            }
        } else {
            generator.onPeriodicEmit(output);
            idle = false;
        }
    }

    /** The wrapped generator's: idleness is processing time, and starts afresh after a restore. */
    @Override
    public long[] snapshotState() {
        return generator.snapshotState();
    }

    @Override
    public void restoreState(long[] state) {
        generator.restoreState(state);
    }

    private boolean checkIfIdle() {
        if (events != eventsAtLastCheck) {
            eventsAtLastCheck = events;
            inactiveSince = -1;
            return false;
        }
        if (inactiveSince < 0) {
            inactiveSince = clock.getAsLong();
            return false;
        }
        return clock.getAsLong() - inactiveSince > timeoutMillis;
    }
}
