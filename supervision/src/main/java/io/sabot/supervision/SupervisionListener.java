package io.sabot.supervision;

/**
 * Lifecycle events of a {@link Supervisor}'s children, for metrics and tests. Called on the
 * supervisor's thread, in the order things happen: keep it quick, never block, and make what it
 * updates safe to read from other threads.
 */
public interface SupervisionListener {

    /** Does nothing. */
    SupervisionListener NONE = new SupervisionListener() {};

    /** An incarnation of {@code child} was spawned (the first, or a restart). */
    default void started(String child) {}

    /** An incarnation of {@code child} failed with {@code cause}. */
    default void failed(String child, Throwable cause) {}

    /** An incarnation of {@code child} stopped without failure (by itself, or stopped by the supervisor). */
    default void stopped(String child) {}

    /** {@code child} will be started again {@code delayMillis} after the children to restart have stopped. */
    default void restarting(String child, long delayMillis) {}

    /** {@code child} ended and will not be restarted (its {@link RestartPolicy}). */
    default void removed(String child) {}

    /** The supervisor gives up and is about to fail; {@code lastCause} is null when a normal stop passed the limit. */
    default void gaveUp(String reason, Throwable lastCause) {}
}
