package io.sabot.actors.runtime;

import io.sabot.actors.api.SourceReader;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.Watermark;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A source subtask: reads one batch per {@code Continue} message (so credits, barriers and
 * cancellation interleave with reading) and stops reading while its output waits for credit. At
 * the end of a bounded input it emits the maximum watermark and the end of input.
 */
final class SourceTask extends AbstractBehavior<TaskCommand> {

    private final TaskEnvironment env;
    private final SourceReader reader;
    private final OutputGate output;
    private boolean continueScheduled;

    SourceTask(TaskEnvironment env, SourceReader reader, OutputGate output) {
        super(env.context);
        this.env = env;
        this.reader = reader;
        this.output = output;
        scheduleNextRead();
    }

    @Override
    public Receive<TaskCommand> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(TaskCommand.Continue.INSTANCE, this::readNext)
                .onMessage(TaskCommand.Credit.class, credit -> {
                    output.onCredit(credit);
                    scheduleNextRead();
                    return this;
                })
                .onMessage(TaskCommand.InjectBarrier.class, inject -> {
                    // Between two reads: the barrier follows every batch emitted so far.
                    output.broadcast(inject.barrier());
                    if (env.master != null) {
                        env.master.tell(new JobMasterCommand.BarrierInjected(env.id, inject.barrier().id(), reader.offset()));
                    }
                    return this;
                })
                .onMessage(TaskCommand.Cancel.class, cancel -> {
                    closeReader();
                    output.discard();
                    return env.cancelled();
                })
                .onMessageEquals(TaskCommand.Stop.INSTANCE, () -> {
                    closeReader();
                    output.discard();
                    return env.stoppedByShard();
                })
                .build();
    }

    private Behavior<TaskCommand> readNext() {
        continueScheduled = false;
        if (output.hasBacklog()) {
            return this; // a credit will schedule the next read
        }
        try {
            Batch batch = reader.nextBatch();
            if (batch == null) {
                reader.close();
                output.broadcast(Watermark.MAX);
                output.broadcast(EndOfInput.INSTANCE);
                return DrainingOutput.finish(env, output);
            }
            env.metrics.addIn(batch.rowCount());
            output.emit(batch);
        } catch (Exception | AssertionError e) {
            closeReader();
            output.discard();
            return env.failed(e);
        }
        scheduleNextRead();
        return this;
    }

    private void scheduleNextRead() {
        if (!continueScheduled && !output.hasBacklog()) {
            continueScheduled = true;
            env.self().tell(TaskCommand.Continue.INSTANCE);
        }
    }

    private void closeReader() {
        try {
            reader.close();
        } catch (Exception e) {
            env.context.getLog().warn("closing the reader of {} failed", env.id, e);
        }
    }
}
