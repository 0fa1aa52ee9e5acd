package io.sabot.watermarks.strategy;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How a source's records get timestamps and watermarks, with Flink's names:
 *
 * <pre>{@code
 * WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5))
 *     .withTimestampAssigner(TimestampAssigner.column("ts"))
 *     .withIdleness(Duration.ofMinutes(1));
 * }</pre>
 *
 * One generator is created per source subtask.
 */
public final class WatermarkStrategy {

    private final Supplier<WatermarkGenerator> generators;
    private final TimestampAssigner timestamps;
    private final Duration idleTimeout; // null: never idle

    private WatermarkStrategy(Supplier<WatermarkGenerator> generators, TimestampAssigner timestamps, Duration idleTimeout) {
        this.generators = generators;
        this.timestamps = timestamps;
        this.idleTimeout = idleTimeout;
    }

    /** Watermark = the largest timestamp seen − {@code maxOutOfOrderness} − 1. */
    public static WatermarkStrategy forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
        Objects.requireNonNull(maxOutOfOrderness);
        new BoundedOutOfOrdernessWatermarks(maxOutOfOrderness); // rejects a negative bound now
        return new WatermarkStrategy(() -> new BoundedOutOfOrdernessWatermarks(maxOutOfOrderness), null, null);
    }

    /** For ascending timestamps: watermark = the largest timestamp seen − 1. */
    public static WatermarkStrategy forMonotonousTimestamps() {
        return forBoundedOutOfOrderness(Duration.ZERO);
    }

    /** A generator of your own, one per source subtask. */
    public static WatermarkStrategy forGenerator(Supplier<WatermarkGenerator> generators) {
        return new WatermarkStrategy(Objects.requireNonNull(generators), null, null);
    }

    /** Timestamps but no watermarks (event time never advances, except at the end of a bounded input). */
    public static WatermarkStrategy noWatermarks() {
        return new WatermarkStrategy(() -> new WatermarkGenerator() {
            @Override
            public void onEvent(long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {}
        }, null, null);
    }

    public WatermarkStrategy withTimestampAssigner(TimestampAssigner assigner) {
        return new WatermarkStrategy(generators, Objects.requireNonNull(assigner), idleTimeout);
    }

    /** Marks the input idle after {@code timeout} without records, so it stops holding back the watermark. */
    public WatermarkStrategy withIdleness(Duration timeout) {
        Objects.requireNonNull(timeout);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, was " + timeout);
        }
        return new WatermarkStrategy(generators, timestamps, timeout);
    }

    /** The timestamp assigner; a strategy used on a source must have one. */
    public TimestampAssigner timestampAssigner() {
        if (timestamps == null) {
            throw new IllegalStateException("the watermark strategy has no timestamp assigner (withTimestampAssigner)");
        }
        return timestamps;
    }

    /** A new generator for one source subtask, with idleness on {@code processingClock} if configured. */
    public WatermarkGenerator createGenerator(LongSupplier processingClock) {
        WatermarkGenerator generator = generators.get();
        return idleTimeout == null ? generator : new WatermarksWithIdleness(generator, idleTimeout, processingClock);
    }
}
