package io.sabot.supervision;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * At most {@code maxRestarts} restarts within any sliding window of {@code within} (Erlang/OTP's
 * intensity and period); one more and the supervisor gives up. Erlang's default: 1 in 5 s.
 */
public record RestartIntensity(int maxRestarts, Duration within) {

    public static final RestartIntensity DEFAULT = new RestartIntensity(1, Duration.ofSeconds(5));

    /** No limit: only the backoff decides when to give up. */
    public static final RestartIntensity UNLIMITED = new RestartIntensity(Integer.MAX_VALUE, Duration.ZERO);

    public RestartIntensity {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("max restarts must not be negative, was " + maxRestarts);
        }
        if (within.isNegative()) {
            throw new IllegalArgumentException("the restart window must not be negative, was " + within);
        }
    }

    /** The restarts of one supervisor, as far back as the window reaches. Not thread-safe. */
    public Window newWindow() {
        return new Window();
    }

    public final class Window {
        private final ArrayDeque<Long> restartsAt = new ArrayDeque<>();

        private Window() {}

        /** Records a restart at {@code nowMillis}; false (nothing recorded) when it is one too many. */
        public boolean tryRestart(long nowMillis) {
            while (!restartsAt.isEmpty() && restartsAt.peekFirst() <= nowMillis - within.toMillis()) {
                restartsAt.pollFirst();
            }
            if (restartsAt.size() >= maxRestarts) {
                return false;
            }
            restartsAt.addLast(nowMillis);
            return true;
        }

        /** Restarts still inside the window at the last call. */
        public int recent() {
            return restartsAt.size();
        }
    }
}
