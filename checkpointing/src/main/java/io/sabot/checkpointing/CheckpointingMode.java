package io.sabot.checkpointing;

import java.util.Locale;

/** What barriers guarantee (Flink's {@code CheckpointingMode}). */
public enum CheckpointingMode {
    /** Barriers are aligned: a task's state holds exactly the input before the barrier on every channel. */
    EXACTLY_ONCE,
    /** Barriers are only tracked: no channel waits, so a restore may replay some input twice. */
    AT_LEAST_ONCE;

    /** "exactly-once" or "at-least-once" (any case, '-' or '_'), naming the choices when it cannot. */
    public static CheckpointingMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown checkpointing mode '" + text + "' (choose exactly-once or at-least-once)");
        }
    }
}
