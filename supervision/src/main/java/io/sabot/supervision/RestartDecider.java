package io.sabot.supervision;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * The decisions of one supervisor, as a plain class with an injected clock: when a child of an
 * ordered group ends, whether it (and which others) restart, after how long, or whether the
 * supervisor gives up. {@link Supervisor} applies them to its children; Sabot's job master applies
 * them to tasks it does not parent (sharded entities). Not thread-safe: one owner.
 *
 * <p>Order of the checks: the child's {@link RestartPolicy} (no restart: the child is removed, nothing
 * is counted); the {@link RestartIntensity} (too many restarts in the window: give up); the
 * {@link RestartBackoff} (out of attempts: give up; else its delay).
 */
public final class RestartDecider {

    /** What to do about a child that ended. */
    public sealed interface Decision {}

    /** Restart {@code children} (in start order) after {@code delayMillis}. */
    public record Restart(int[] children, long delayMillis) implements Decision {}

    /** The child is not restarted (its policy says so); the others go on. */
    public record Remove(int child) implements Decision {}

    /** Stop every child and fail: {@code reason} says which limit was passed. */
    public record GiveUp(String reason) implements Decision {}

    private final SupervisionStrategy strategy;
    private final RestartIntensity intensity;
    private final RestartIntensity.Window window;
    private final RestartBackoff backoffConfig;
    private final RestartBackoff.Backoff backoff;
    private final Clock clock;
    private int restarts;

    public RestartDecider(SupervisionStrategy strategy, RestartIntensity intensity, RestartBackoff backoff, Clock clock,
                          DoubleSupplier random) {
        this.strategy = strategy;
        this.intensity = intensity;
        this.window = intensity.newWindow();
        this.backoffConfig = backoff;
        this.backoff = backoff.start(random);
        this.clock = clock;
    }

    /** Child {@code child} of {@code count} ended: with a failure ({@code failed}) or normally. */
    public Decision onExit(int child, int count, RestartPolicy policy, boolean failed) {
        if (!policy.restarts(failed)) {
            return new Remove(child);
        }
        long now = clock.millis();
        if (!window.tryRestart(now)) {
            return new GiveUp("more than " + intensity.maxRestarts() + " restart(s) within " + intensity.within().toMillis()
                    + " ms");
        }
        OptionalLong delay = backoff.nextDelayMillis(now);
        if (delay.isEmpty()) {
            return new GiveUp("the restart strategy " + backoffConfig + " allows no more restarts");
        }
        restarts++;
        return new Restart(strategy.affected(child, count), delay.getAsLong());
    }

    /** Restarts decided so far. */
    public int restarts() {
        return restarts;
    }

    public SupervisionStrategy strategy() {
        return strategy;
    }
}
