package io.sabot.actors.runtime;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Processing-time wake-ups of one task: asked for at a time (epoch ms), delivered as a
 * {@link TaskCommand.WakeUp} message when it comes. Only the earliest pending one is scheduled; a
 * wake-up superseded by an earlier one is ignored when it arrives.
 */
final class WakeUpScheduler implements LongConsumer {

    private final TaskEnvironment env;
    private long wakeUpAt = Long.MAX_VALUE;

    WakeUpScheduler(TaskEnvironment env) {
        this.env = env;
    }

    /** Asks to be woken at {@code time}, unless an earlier wake-up is pending. */
    @Override
    public void accept(long time) {
        if (time >= wakeUpAt) {
            return;
        }
        wakeUpAt = time;
        long delay = Math.max(0, time - System.currentTimeMillis());
        env.context.scheduleOnce(Duration.ofMillis(delay), env.self(), new TaskCommand.WakeUp(time));
    }

    /** True when {@code wakeUp} is the pending one (then it is no longer pending). */
    boolean isDue(TaskCommand.WakeUp wakeUp) {
        if (wakeUp.time() != wakeUpAt) {
            return false;
        }
        wakeUpAt = Long.MAX_VALUE;
        return true;
    }
}
