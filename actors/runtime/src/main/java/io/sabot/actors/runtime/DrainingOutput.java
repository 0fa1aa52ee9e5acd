package io.sabot.actors.runtime;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A task that has emitted its end of input but still holds output waiting for credit, or a
 * snapshot still being written: it stays alive until every channel's backlog is sent and every
 * snapshot is written, then reports itself finished.
 */
final class DrainingOutput extends AbstractBehavior<TaskCommand> {

    private final TaskEnvironment env;
    private final OutputGate output;

    private DrainingOutput(TaskEnvironment env, OutputGate output) {
        super(env.context);
        this.env = env;
        this.output = output;
    }

    /** Finishes now if nothing is waiting, else drains first. */
    static Behavior<TaskCommand> finish(TaskEnvironment env, OutputGate output) {
        return done(env, output) ? env.finished() : new DrainingOutput(env, output);
    }

    private static boolean done(TaskEnvironment env, OutputGate output) {
        return !output.hasBacklog() && !env.writingSnapshots();
    }

    @Override
    public Receive<TaskCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(TaskCommand.Credit.class, credit -> {
                    try {
                        output.onCredit(credit); // may slice a batch for another node (memory) or refuse one
                    } catch (RuntimeException | OutOfMemoryError e) {
                        output.discard();
                        return env.failed(e);
                    }
                    return done(env, output) ? env.finished() : this;
                })
                .onMessage(TaskCommand.SnapshotWritten.class, written -> {
                    env.onSnapshotWritten(written);
                    return done(env, output) ? env.finished() : this;
                })
                .onMessage(TaskCommand.Deliver.class, deliver -> {
                    deliver.release(); // nothing may follow an end of input; drop it rather than leak it
                    return this;
                })
                .onMessage(TaskCommand.Cancel.class, cancel -> {
                    output.discard();
                    return env.cancelled();
                })
                .onMessageEquals(TaskCommand.Stop.INSTANCE, () -> {
                    output.discard();
                    return env.stoppedByShard();
                })
                .onAnyMessage(message -> this)
                .build();
    }
}
