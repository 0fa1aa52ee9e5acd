package io.sabot.actors.runtime;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A task that has emitted its end of input but still holds output waiting for credit, or a
 * snapshot still being written: it stays alive until every channel's backlog is sent and every
 * snapshot is written, then reports itself finished.
 *
 * <p>A task whose output gate keeps what it sent (partial restarts) stays after reporting, until
 * the job's final checkpoint completes or it is cancelled: a receiver restarted meanwhile gets its
 * input again from it.
 */
final class DrainingOutput extends AbstractBehavior<TaskCommand> {

    private final TaskEnvironment env;
    private final InputGate input; // null for a source
    private final OutputGate output;
    private boolean reported;

    private DrainingOutput(TaskEnvironment env, InputGate input, OutputGate output) {
        super(env.context);
        this.env = env;
        this.input = input;
        this.output = output;
    }

    /** Finishes now if nothing is waiting (and nothing is kept), else drains first; {@code input}: null for a source. */
    static Behavior<TaskCommand> finish(TaskEnvironment env, InputGate input, OutputGate output) {
        return new DrainingOutput(env, input, output).next();
    }

    /** Reports the finish once everything is sent and written; stops then, unless the output is kept. */
    private Behavior<TaskCommand> next() {
        if (output.hasBacklog() || env.writingSnapshots()) {
            return this;
        }
        if (!output.retains() || env.finalSnapshotFailed()) {
            output.discard();
            return env.finished();
        }
        if (!reported) {
            reported = true;
            env.reportFinished();
        }
        return this;
    }

    @Override
    public Receive<TaskCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(TaskCommand.Credit.class, credit -> {
                    try {
                        output.onCredit(credit); // may slice a batch for another node, or send again to a restarted receiver
                    } catch (RuntimeException | OutOfMemoryError e) {
                        output.discard();
                        return env.failed(e);
                    }
                    return next();
                })
                .onMessage(TaskCommand.SnapshotWritten.class, written -> {
                    env.onSnapshotWritten(written);
                    return next();
                })
                .onMessage(TaskCommand.CheckpointComplete.class, complete -> {
                    if (complete.finalOne()) { // no receiver restarts any more: what was kept goes
                        output.discard();
                        return env.released();
                    }
                    output.checkpointComplete(complete.checkpointId());
                    if (input != null) {
                        input.checkpointComplete(complete.checkpointId());
                    }
                    return this;
                })
                .onMessage(TaskCommand.Deliver.class, deliver -> {
                    if (input == null) {
                        deliver.release();
                    } else {
                        input.receiveAfterEnd(deliver); // nothing may follow an end of input; a restarted upstream's repeats
                    }
                    return this;
                })
                .onMessage(TaskCommand.UpstreamRestarted.class, restarted -> {
                    if (input != null) {
                        input.rewire(restarted.upstream());
                    }
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
