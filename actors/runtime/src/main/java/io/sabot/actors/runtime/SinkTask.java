package io.sabot.actors.runtime;

import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import io.sabot.checkpointing.TaskSnapshot;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A sink subtask: writes every batch, and commits its output in two phases over checkpoints. On a
 * completed barrier the writer pre-commits (what it wrote is durable, not visible) and the task
 * acknowledges with what the writer returned; when the checkpoint completes the writer commits it.
 * The end of its input is a final pre-commit: the task reports it and waits for the final
 * checkpoint to complete, commits, finishes the writer and only then ends. On failure or
 * cancellation the writer removes what it had not committed.
 */
final class SinkTask extends AbstractBehavior<TaskCommand> {

    private final TaskEnvironment env;
    private final SinkWriter writer;
    private final boolean decode; // dictionary-encoded columns, before the writer sees them
    private final InputGate input;
    private long lastPreCommitted = -1; // the newest checkpoint this sink acknowledged (before its final pre-commit)

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
                    try {
                        input.receive(deliver); // may cut a batch a restarted sender sent again (memory)
                    } catch (RuntimeException | OutOfMemoryError e) {
                        deliver.release(); // harmless once handed on
                        abort();
                        return env.failed(e);
                    }
                    return drain();
                })
                .onMessage(TaskCommand.UpstreamRestarted.class, restarted -> {
                    input.rewire(restarted.upstream());
                    return this;
                })
                .onMessage(TaskCommand.CheckpointComplete.class, complete -> {
                    input.checkpointComplete(complete.checkpointId());
                    try {
                        writer.commit(complete.checkpointId());
                        return this;
                    } catch (Exception e) {
                        abort();
                        return env.failed(e);
                    }
                })
                .onMessage(TaskCommand.CheckpointAborted.class, aborted -> {
                    input.abort(aborted.checkpointId());
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
                        if (batch.origin() != 0) {
                            env.metrics.latency(System.nanoTime() - batch.origin());
                        }
                    }
                    env.metrics.addBusy(TaskMetrics.busyClock() - start);
                } else if (element instanceof CheckpointBarrier barrier) {
                    preCommit(barrier.id());
                    if (env.master != null) {
                        env.master.tell(new JobMasterCommand.BarrierReached(env.id, barrier.id(), env.metrics.rowsIn()));
                    }
                } else if (element == EndOfInput.INSTANCE && input.allEnded()) {
                    preCommit(TaskEnvironment.FINAL);
                    env.reportFinished();
                    return awaitingFinalCommit();
                }
            }
            env.metrics.queuedBatches(input.queuedBatches());
            return this;
        } catch (Exception | AssertionError | OutOfMemoryError e) {
            // out of memory too: failing the job frees its memory, where Pekko would end the JVM
            abort();
            return env.failed(e);
        }
    }

    /** The writer pre-commits under {@code checkpointId}; the task acknowledges with what it returned. */
    private void preCommit(long checkpointId) throws Exception {
        byte[] committable = writer.preCommit(checkpointId);
        env.acknowledge(checkpointId, new TaskSnapshot(new SinkState(checkpointId, committable).encode(), List.of()));
        if (checkpointId != TaskEnvironment.FINAL) {
            lastPreCommitted = checkpointId;
        }
    }

    /**
     * All input written and pre-committed: a completed checkpoint this sink did not acknowledge
     * itself holds its final pre-commit, so it commits everything; the final one also finishes.
     */
    private Behavior<TaskCommand> awaitingFinalCommit() {
        return Behaviors.receive(TaskCommand.class)
                .onMessage(TaskCommand.CheckpointComplete.class, complete -> {
                    try {
                        writer.commit(complete.checkpointId() > lastPreCommitted ? TaskEnvironment.FINAL
                                : complete.checkpointId());
                        if (!complete.finalOne()) {
                            return Behaviors.same();
                        }
                        writer.finish();
                        return env.committed();
                    } catch (Exception e) {
                        abort();
                        return env.failed(e);
                    }
                })
                .onMessage(TaskCommand.Deliver.class, deliver -> {
                    input.receiveAfterEnd(deliver); // nothing may follow an end of input; a restarted upstream's repeats
                    return Behaviors.same();
                })
                .onMessage(TaskCommand.UpstreamRestarted.class, restarted -> {
                    input.rewire(restarted.upstream());
                    return Behaviors.same();
                })
                .onMessage(TaskCommand.Cancel.class, cancel -> {
                    abort();
                    return env.cancelled();
                })
                .onMessageEquals(TaskCommand.Stop.INSTANCE, () -> {
                    abort();
                    return env.stoppedByShard();
                })
                .onAnyMessage(message -> Behaviors.same())
                .build();
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
