package io.sabot.supervision;

/** Where a child of a {@link Supervisor} stands. */
public enum ChildState {
    /** An incarnation is running and gets the child's messages. */
    RUNNING,
    /** Being stopped, or waiting for its backoff delay, to be started again; messages are stashed. */
    RESTARTING,
    /** Ended and not restarted (its {@link RestartPolicy}); messages are rejected. */
    REMOVED,
    /** Stopped for good because the supervisor gave up. */
    STOPPED
}
