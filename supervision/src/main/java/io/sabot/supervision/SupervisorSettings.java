package io.sabot.supervision;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How a {@link Supervisor} decides. {@link #DEFAULT} is Erlang's: one-for-one, at most 1 restart
 * in 5 s, restarts at once ({@link #IMMEDIATE}); pick a {@link RestartBackoff} such as
 * {@link RestartBackoff#DEFAULT} (Flink's exponential delay) to wait between restarts.
 *
 * @param random uniform numbers in [0, 1) for the backoff's jitter
 * @param listener lifecycle events, for metrics
 */
public record SupervisorSettings(SupervisionStrategy strategy, RestartIntensity intensity, RestartBackoff backoff,
                                 Clock clock, DoubleSupplier random, SupervisionListener listener) {

    /**
     * No delay and no limit of its own (Erlang restarts at once): only the {@link RestartIntensity}
     * gives up. Its attempts are {@code Integer.MAX_VALUE}.
     */
    public static final RestartBackoff IMMEDIATE = new RestartBackoff.FixedDelay(Integer.MAX_VALUE, Duration.ZERO);

    public static final SupervisorSettings DEFAULT = new SupervisorSettings(SupervisionStrategy.ONE_FOR_ONE,
            RestartIntensity.DEFAULT, IMMEDIATE, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble(),
            SupervisionListener.NONE);

    public SupervisorSettings {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(listener, "listener");
    }

    public SupervisorSettings withStrategy(SupervisionStrategy strategy) {
        return new SupervisorSettings(strategy, intensity, backoff, clock, random, listener);
    }

    public SupervisorSettings withIntensity(RestartIntensity intensity) {
        return new SupervisorSettings(strategy, intensity, backoff, clock, random, listener);
    }

    public SupervisorSettings withBackoff(RestartBackoff backoff) {
        return new SupervisorSettings(strategy, intensity, backoff, clock, random, listener);
    }

    public SupervisorSettings withClock(Clock clock) {
        return new SupervisorSettings(strategy, intensity, backoff, clock, random, listener);
    }

    public SupervisorSettings withRandom(DoubleSupplier random) {
        return new SupervisorSettings(strategy, intensity, backoff, clock, random, listener);
    }

    public SupervisorSettings withListener(SupervisionListener listener) {
        return new SupervisorSettings(strategy, intensity, backoff, clock, random, listener);
    }

    /** A fresh decider (its own intensity window and backoff state) for one supervisor. */
    public RestartDecider newDecider() {
        return new RestartDecider(strategy, intensity, backoff, clock, random);
    }
}
