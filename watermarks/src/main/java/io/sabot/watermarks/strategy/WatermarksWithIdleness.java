package io.sabot.watermarks.strategy;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Marks the input idle when no record arrived for the idle timeout (on the processing-time clock),
 * and active again with its next record, as Flink's {@code WatermarksWithIdleness}.
 */
final class WatermarksWithIdleness implements WatermarkGenerator {

    private final WatermarkGenerator generator;
    private final long timeoutMillis;
    private final LongSupplier clock;
    private long lastActivity;
    private boolean idle;

    WatermarksWithIdleness(WatermarkGenerator generator, Duration timeout, LongSupplier clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, was " + timeout);
        }
        this.generator = generator;
        this.timeoutMillis = timeout.toMillis();
        this.clock = clock;
        this.lastActivity = clock.getAsLong();
    }

    @Override
    public void onEvent(long eventTimestamp, WatermarkOutput output) {
        lastActivity = clock.getAsLong();
        if (idle) {
            idle = false;
            output.markActive();
        }
        generator.onEvent(eventTimestamp, output);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idle) {
            return;
        }
        if (clock.getAsLong() - lastActivity >= timeoutMillis) {
            idle = true;
            output.markIdle();
        } else {
            generator.onPeriodicEmit(output);
        }
    }
}
