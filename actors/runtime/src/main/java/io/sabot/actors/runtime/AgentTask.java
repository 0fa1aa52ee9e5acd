package io.sabot.actors.runtime;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import io.sabot.actors.stream.WatermarkStatus;
import io.sabot.checkpointing.TaskSnapshot;
import io.sabot.state.backend.KeyedStateBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An agent subtask as an actor: takes elements from its input gate, hands them to its
 * {@link AgentRunner} (which runs the user's function, keyed state and event time), snapshots on
 * every completed barrier and forwards it, and consumes no input while its output waits for credit.
 * That is what keeps memory bounded however fast the source is.
 */
final class AgentTask extends AbstractBehavior<TaskCommand> {

    private final TaskEnvironment env;
    private final InputGate input;
    private final OutputGate output;
    private final AgentRunner runner;
    private final KeyedStateBackend state; // null on a non-keyed stream
    private final WakeUpScheduler wakeUps;
    private final FailureInjector failures; // null: none injected

    /**
     * Opens the runner (whose keyed state is {@code state}, and whose processing-time wake-ups
     * {@code wakeUps} schedules), then the input; {@code failures} (null: none) injects failures.
     */
    AgentTask(TaskEnvironment env, InputGate input, OutputGate output, AgentRunner runner, KeyedStateBackend state,
              WakeUpScheduler wakeUps, FailureInjector failures) throws Exception {
        super(env.context);
        this.env = env;
        this.input = input;
        this.output = output;
        this.runner = runner;
        this.state = state;
        this.wakeUps = wakeUps;
        this.failures = failures;
        runner.open();
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
                        discardAll();
                        return env.failed(e);
                    }
                    return drain();
                })
                .onMessage(TaskCommand.Credit.class, credit -> {
                    try {
                        output.onCredit(credit); // may slice a batch for another node, or send again to a restarted receiver
                    } catch (RuntimeException | OutOfMemoryError e) {
                        discardAll(); // its queued input too
                        return env.failed(e);
                    }
                    return drain();
                })
                .onMessage(TaskCommand.WakeUp.class, this::onWakeUp)
                .onMessage(TaskCommand.SnapshotWritten.class, written -> {
                    env.onSnapshotWritten(written);
                    return this;
                })
                .onMessage(TaskCommand.CheckpointAborted.class, aborted -> {
                    input.abort(aborted.checkpointId());
                    return drain(); // channels held for it flow again
                })
                .onMessage(TaskCommand.CheckpointComplete.class, complete -> {
                    input.checkpointComplete(complete.checkpointId());
                    output.checkpointComplete(complete.checkpointId());
                    return this;
                })
                .onMessage(TaskCommand.UpstreamRestarted.class, restarted -> {
                    input.rewire(restarted.upstream());
                    return this;
                })
                .onMessage(TaskCommand.Cancel.class, cancel -> {
                    discardAll();
                    return env.cancelled();
                })
                .onMessageEquals(TaskCommand.Stop.INSTANCE, () -> {
                    discardAll();
                    return env.stoppedByShard();
                })
                .build();
    }

    /** Processes queued input until it runs out, the output backs up, or the input ends. */
    private Behavior<TaskCommand> drain() {
        try {
            StreamElement element;
            while (!output.hasBacklog() && (element = input.poll()) != null) {
                long start = TaskMetrics.busyClock();
                handle(input.channel(), element);
                env.metrics.addBusy(TaskMetrics.busyClock() - start);
                env.metrics.watermark(runner.forwardedWatermark());
                if (input.allEnded()) {
                    env.metrics.keys((int) Math.min(Integer.MAX_VALUE, runner.keyCount()));
                    runner.close();
                    output.broadcast(EndOfInput.INSTANCE);
                    snapshot(TaskEnvironment.FINAL, "final-" + UUID.randomUUID()); // never a directory an older checkpoint uses
                    return DrainingOutput.finish(env, input, output);
                }
            }
            env.metrics.queuedBatches(input.queuedBatches());
            return this;
        } catch (Exception | AssertionError | OutOfMemoryError e) {
            // out of memory too: failing the job frees its memory, where Pekko would end the JVM
            discardAll();
            return env.failed(e);
        }
    }

    private void handle(int channel, StreamElement element) throws Exception {
        if (element instanceof Batch batch) {
            env.metrics.addIn(batch.rowCount());
            runner.onBatch(channel, batch); // owns the batch: an injected failure after it leaks nothing
            if (failures != null) {
                failures.afterBatch();
            }
            if ((env.metrics.batchesIn() & 15) == 1) { // every 16 batches: RocksDB's estimate is not free
                env.metrics.keys((int) Math.min(Integer.MAX_VALUE, runner.keyCount()));
            }
        } else if (element instanceof Watermark watermark) {
            runner.onWatermark(channel, watermark.timestamp());
        } else if (element instanceof WatermarkStatus status) {
            runner.onStatus(channel, status == WatermarkStatus.IDLE);
        } else if (element instanceof CheckpointBarrier barrier) {
            output.broadcast(barrier); // first, as Flink does: downstream snapshots meanwhile; our state waits for the next element
            snapshot(barrier.id(), "chk-" + barrier.id()); // captured now; written while processing goes on
        } else if (element == EndOfInput.INSTANCE) {
            runner.onEndOfInput(channel);
        }
    }

    /**
     * Takes this subtask's part of checkpoint {@code checkpointId}: its operator state now (event
     * time, the function's broadcast state) and, when checkpoints are stored, its keyed state,
     * captured now and written on the snapshot executor.
     */
    private void snapshot(long checkpointId, String name) throws Exception {
        byte[] operatorState = runner.snapshotState();
        Path directory = env.snapshotDirectory(name);
        if (state == null || directory == null) {
            env.acknowledge(checkpointId, new TaskSnapshot(operatorState, List.of()));
        } else {
            env.writeSnapshot(checkpointId, operatorState, state.snapshot(checkpointId, directory));
        }
    }

    private Behavior<TaskCommand> onWakeUp(TaskCommand.WakeUp wakeUp) {
        if (!wakeUps.isDue(wakeUp)) {
            return this; // superseded by an earlier wake-up
        }
        try {
            runner.onProcessingTime();
            return this;
        } catch (Exception | AssertionError | OutOfMemoryError e) {
            // out of memory too: failing the job frees its memory, where Pekko would end the JVM
            discardAll();
            return env.failed(e);
        }
    }

    private void discardAll() {
        input.discard();
        output.discard();
        try {
            runner.close();
        } catch (Exception e) {
            env.context.getLog().warn("closing the function of {} failed", env.id, e);
        }
    }
}
