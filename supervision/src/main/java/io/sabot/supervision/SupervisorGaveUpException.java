package io.sabot.supervision;

/**
 * Thrown by a {@link Supervisor} that gave up, after it stopped its children: its parent sees it
 * fail with this ({@code ChildFailed} when watching), as an Erlang supervisor's parent sees it exit.
 * The cause is the failure of the child that passed the limit, if that child failed.
 */
public final class SupervisorGaveUpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public SupervisorGaveUpException(String reason, Throwable lastCause) {
        super("supervisor gave up: " + reason, lastCause);
        this.reason = reason;
    }

    /** Which limit was passed (from {@link RestartDecider.GiveUp}). */
    public String reason() {
        return reason;
    }
}
