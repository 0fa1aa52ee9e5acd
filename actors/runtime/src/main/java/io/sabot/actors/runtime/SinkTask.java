package io.sabot.actors.runtime;

import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A sink subtask: writes every batch, returns a credit for it, and makes the output visible only
 * when all inputs have ended. On failure or cancellation the writer removes what it wrote.
 */
final class SinkTask extends AbstractBehavior<TaskCommand> {

    private final TaskEnvironment env;
    private final SinkWriter writer;
    private final boolean decode; // dictionary-encoded columns, before the writer sees them
    private final InputGate input;

    SinkTask(TaskEnvironment env, SinkWriter writer, boolean decode, InputGate input) {
        super(env.context);
        this.env = env;
        this.writer = writer;
        this.decode = decode;
        this.input = input;
        input.open();
    }

    @Override
    public Receive<TaskCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(TaskCommand.Deliver.class, deliver -> {
                    input.receive(deliver);
                    return drain();
                })
                .onMessage(TaskCommand.Cancel.class, cancel -> {
                    abort();
                    return env.cancelled();
                })
                .onMessageEquals(TaskCommand.Stop.INSTANCE, () -> {
                    abort();
                    return env.stoppedByShard();
                })
                .build();
    }

    private Behavior<TaskCommand> drain() {
        try {
            StreamElement element;
            while ((element = input.poll()) != null) {
                if (element instanceof Batch batch) {
                    long start = TaskMetrics.busyClock();
                    try (batch) {
                        env.metrics.addIn(batch.rowCount());
                        write(batch);
                    }
                    env.metrics.addBusy(TaskMetrics.busyClock() - start);
                } else if (element instanceof CheckpointBarrier barrier) {
                    if (env.master != null) {
                        env.master.tell(new JobMasterCommand.BarrierReached(env.id, barrier.id(), env.metrics.rowsIn()));
                    }
                } else if (element == EndOfInput.INSTANCE && input.allEnded()) {
                    writer.finish();
                    return env.finished();
                }
            }
            env.metrics.queuedBatches(input.queuedBatches());
            return this;
        } catch (Exception | AssertionError e) {
            abort();
            return env.failed(e);
        }
    }

    /** Sinks write plain columns: dictionary-encoded ones are decoded first, unless the sink takes them. */
    private void write(Batch batch) throws Exception {
        if (!decode || batch.dictionaries() == null) {
            writer.write(batch.root());
            return;
        }
        try (VectorSchemaRoot decoded = Dictionaries.decode(batch.root(), batch.dictionaries(), env.allocator)) {
            writer.write(decoded);
        }
    }

    private void abort() {
        input.discard();
        writer.abort();
    }
}
