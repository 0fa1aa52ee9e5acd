package io.sabot.supervision;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before a restart, and when to stop restarting: Flink's restart strategies, with
 * its names and defaults. {@link #start} gives the stateful counter of one supervised group.
 */
public sealed interface RestartBackoff {

    /** Flink's default with checkpoints on: exponential-delay, 1 s initial, 1 min max, ×1.5, jitter 0.1, reset after 1 h. */
    RestartBackoff DEFAULT = new ExponentialDelay(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, 0.1,
            Duration.ofHours(1), Integer.MAX_VALUE);

    /**
     * The delays of one supervised group; {@code random} gives uniform numbers in [0, 1) for the
     * jitter (inject a fixed sequence in tests).
     */
    Backoff start(DoubleSupplier random);

    /** The next delay after each failure, or empty: give up. Not thread-safe. */
    interface Backoff {
        OptionalLong nextDelayMillis(long nowMillis);
    }

    /**
     * {@code initial}, then ×{@code multiplier} per failure up to {@code max}, each ± {@code jitter} of
     * itself; back to {@code initial} when no failure came for {@code resetAfter}. Gives up after
     * {@code attempts} failures without a reset (Flink's attempts-before-reset-backoff).
     */
    record ExponentialDelay(Duration initial, Duration max, double multiplier, double jitter, Duration resetAfter,
                            int attempts) implements RestartBackoff {
        public ExponentialDelay {
            positive("initial backoff", initial);
            positive("max backoff", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff " + max + " is less than the initial backoff " + initial);
            }
            if (!(multiplier >= 1)) {
                throw new IllegalArgumentException("backoff multiplier must be at least 1, was " + multiplier);
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter factor must be between 0 and 1, was " + jitter);
            }
            positive("reset backoff threshold", resetAfter);
            atLeastOne("attempts before reset", attempts);
        }

        @Override
        public Backoff start(DoubleSupplier random) {
            return new Backoff() {
                private long lastFailure = Long.MIN_VALUE;
                private double current;
                private int failures;

                @Override
                public OptionalLong nextDelayMillis(long nowMillis) {
                    if (failures == 0 || nowMillis - lastFailure >= resetAfter.toMillis()) {
                        current = initial.toMillis();
                        failures = 0;
                    } else {
                        current = Math.min(current * multiplier, max.toMillis());
                    }
                    lastFailure = nowMillis;
                    if (++failures > attempts) {
                        return OptionalLong.empty();
                    }
                    double spread = current * jitter * (2 * random.getAsDouble() - 1);
                    return OptionalLong.of(Math.max(0, Math.round(current + spread)));
                }
            };
        }
    }

    /** {@code delay} before each restart, at most {@code attempts} restarts (Flink: 1 attempt, 1 s by default). */
    record FixedDelay(int attempts, Duration delay) implements RestartBackoff {
        public FixedDelay {
            atLeastOne("attempts", attempts);
            notNegative("delay", delay);
        }

        @Override
        public Backoff start(DoubleSupplier random) {
            return new Backoff() {
                private int failures;

                @Override
                public OptionalLong nextDelayMillis(long nowMillis) {
                    return ++failures > attempts ? OptionalLong.empty() : OptionalLong.of(delay.toMillis());
                }
            };
        }
    }

    /** {@code delay} before each restart; gives up when more than {@code maxFailures} come within {@code interval}. */
    record FailureRate(int maxFailures, Duration interval, Duration delay) implements RestartBackoff {
        public FailureRate {
            atLeastOne("max failures per interval", maxFailures);
            positive("failure rate interval", interval);
            notNegative("delay", delay);
        }

        @Override
        public Backoff start(DoubleSupplier random) {
            return new Backoff() {
                private final ArrayDeque<Long> failures = new ArrayDeque<>();

                @Override
                public OptionalLong nextDelayMillis(long nowMillis) {
                    while (!failures.isEmpty() && failures.peekFirst() <= nowMillis - interval.toMillis()) {
                        failures.pollFirst();
                    }
                    failures.addLast(nowMillis);
                    return failures.size() > maxFailures ? OptionalLong.empty() : OptionalLong.of(delay.toMillis());
                }
            };
        }
    }

    /** Never restart: the first failure gives up. */
    record NoRestart() implements RestartBackoff {
        @Override
        public Backoff start(DoubleSupplier random) {
            return nowMillis -> OptionalLong.empty();
        }
    }

    private static void positive(String what, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }

    private static void notNegative(String what, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + value);
        }
    }

    private static void atLeastOne(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
    }
}
