package io.sabot.actors.runtime;

import io.sabot.actors.api.SourceReader;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.Watermark;
import io.sabot.actors.stream.WatermarkStatus;
import io.sabot.checkpointing.TaskSnapshot;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.SplitWatermarks;
import io.sabot.watermarks.strategy.WatermarkOutput;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A source subtask: reads one batch per {@code Continue} message (so credits, barriers and
 * cancellation interleave with reading) and stops reading while its output waits for credit. At
 * the end of a bounded input it emits the maximum watermark and the end of input.
 *
 * <p>With a watermark strategy every row gets its timestamp and the generator of its split (the
 * reader's {@code splits()}, else one) sees every row in order ({@code onEvent}); the source's
 * watermark is the minimum over its active splits ({@link SplitWatermarks}). Each row carries the
 * watermark generated before it, so a row always precedes the watermark it causes. After each batch,
 * and on the periodic interval, {@code onPeriodicEmit} runs and the latest watermark (or an
 * idle/active status) goes out. The reader hears of completed checkpoints with the position it had
 * at their barrier.
 */
final class SourceTask extends AbstractBehavior<TaskCommand> {

    private static final List<String> ONE_SPLIT = List.of("");

    private final TaskEnvironment env;
    private final String name;
    private final SourceReader reader;
    private final OutputGate output;
    private final TimestampAssigner timestamps;   // null without a watermark strategy
    private final SplitWatermarks generators;     // one generator per split; null without a watermark strategy
    private final Map<Long, byte[]> positions = new TreeMap<>(); // the reader's position at each pending checkpoint's barrier
    private final Duration periodicInterval;
    private long watermark = Long.MIN_VALUE;      // the latest generated
    private long forwarded = Long.MIN_VALUE;      // the latest sent downstream
    private boolean idle;
    private boolean continueScheduled;
    private boolean readerClosed;
    private final double nanosPerRow;             // pacing: 0 when unpaced
    private final long pacingStart = System.nanoTime();
    private long pacedRows;                       // rows read by this run, for the pace
    private long blockedSince = -1;   // when the output started waiting for credit (ms, monotonic); -1: not waiting
    private long blockedMillis;       // how long it has waited in all

    private final WatermarkOutput watermarkOutput = new WatermarkOutput() {
        @Override
        public void emitWatermark(long generated) {
            if (generated > watermark) {
                watermark = generated;
                markActive(); // a higher watermark ends idleness (Flink's WatermarkToDataOutput)
            }
        }

        @Override
        public void markIdle() {
            if (!idle) {
                idle = true;
                output.broadcast(WatermarkStatus.IDLE);
            }
        }

        @Override
        public void markActive() {
            if (idle) {
                idle = false;
                output.broadcast(WatermarkStatus.ACTIVE);
            }
        }
    };

    /** @param restored where a restored source was (its reader is already positioned there), or null */
    SourceTask(TaskEnvironment env, String name, SourceReader reader, WatermarkStrategy strategy,
               Duration periodicInterval, OutputGate output, SourceState restored, double rowsPerSecond) {
        super(env.context);
        this.env = env;
        this.name = name;
        this.reader = reader;
        this.output = output;
        this.periodicInterval = periodicInterval;
        this.nanosPerRow = rowsPerSecond > 0 ? 1e9 / rowsPerSecond : 0;
        this.timestamps = strategy == null ? null : strategy.timestampAssigner();
        this.generators = strategy == null ? null
                : new SplitWatermarks(() -> strategy.createGenerator(this::unblockedClock), watermarkOutput);
        if (restored != null) {
            watermark = restored.watermark();
            forwarded = restored.forwarded();
            if (generators != null) {
                generators.restoreState(restored.generators());
            }
        }
        if (generators != null) {
            generators.retain(splits());
            schedulePeriodicEmit();
        }
        scheduleNextRead();
    }

    @Override
    public Receive<TaskCommand> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(TaskCommand.Continue.INSTANCE, this::readNext)
                .onMessage(TaskCommand.Credit.class, credit -> {
                    try {
                        output.onCredit(credit); // may slice a batch for another node, or send again to a restarted receiver
                    } catch (RuntimeException | OutOfMemoryError e) {
                        closeReader();
                        output.discard();
                        return env.failed(e);
                    }
                    trackBlocking();
                    scheduleNextRead();
                    return this;
                })
                .onMessage(TaskCommand.WakeUp.class, wakeUp -> {
                    generators.onPeriodicEmit();
                    forwardWatermark();
                    schedulePeriodicEmit();
                    return this;
                })
                .onMessage(TaskCommand.InjectBarrier.class, inject -> {
                    // Between two reads: the barrier follows every batch emitted so far, and the
                    // source's state is where it stands now.
                    output.broadcast(inject.barrier());
                    SourceState state = state();
                    if (state.position() != null) {
                        positions.put(inject.barrier().id(), state.position());
                    }
                    env.acknowledge(inject.barrier().id(), new TaskSnapshot(state.encode(), List.of()));
                    if (env.master != null) {
                        env.master.tell(new JobMasterCommand.BarrierInjected(env.id, inject.barrier().id(), reader.offset()));
                    }
                    return this;
                })
                .onMessage(TaskCommand.CheckpointComplete.class, complete -> {
                    output.checkpointComplete(complete.checkpointId());
                    // the reader hears of the newest completed checkpoint at or before this one
                    byte[] position = null;
                    for (var pending = positions.entrySet().iterator(); pending.hasNext(); ) {
                        var next = pending.next();
                        if (next.getKey() > complete.checkpointId()) {
                            break;
                        }
                        position = next.getValue();
                        pending.remove();
                    }
                    if (position != null && !readerClosed) {
                        reader.checkpointCompleted(complete.checkpointId(), position);
                    }
                    return this;
                })
                .onMessage(TaskCommand.CheckpointAborted.class, aborted -> this)
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
        long start = TaskMetrics.busyClock();
        try {
            Batch batch = reader.nextBatch();
            if (batch == null) {
                env.acknowledge(TaskEnvironment.FINAL, new TaskSnapshot(state().encode(), List.of()));
                readerClosed = true;
                reader.close(); // a failure here fails the task (below), without closing the reader again
                watermarkOutput.markActive(); // so that the end of input reaches every window, idle or not
                output.broadcast(Watermark.MAX);
                output.broadcast(EndOfInput.INSTANCE);
                return DrainingOutput.finish(env, null, output);
            }
            if (batch.rowCount() == 0) { // nothing to read now (the reader waited a little)
                batch.close();
                if (generators != null) {
                    generators.retain(splits());
                    generators.onPeriodicEmit();
                    forwardWatermark();
                }
                scheduleNextRead();
                return this;
            }
            env.metrics.addIn(batch.rowCount());
            pacedRows += batch.rowCount();
            batch.withOrigin(System.nanoTime());
            if (generators == null) {
                output.emit(batch);
            } else {
                EventTime eventTime;
                try {
                    eventTime = generateEventTime(batch.root());
                } catch (RuntimeException e) {
                    batch.close();
                    throw e;
                }
                output.emit(batch.withEventTime(eventTime));
                generators.retain(splits());
                generators.onPeriodicEmit();
                forwardWatermark();
            }
            env.metrics.addBusy(TaskMetrics.busyClock() - start);
            trackBlocking();
        } catch (Exception | AssertionError | OutOfMemoryError e) {
            // out of memory too: failing the job frees its memory, where Pekko would end the JVM
            closeReader();
            output.discard();
            return env.failed(e);
        }
        scheduleNextRead();
        return this;
    }

    /** Where the source stands after the batches it emitted: its part of a checkpoint. */
    private SourceState state() {
        return new SourceState(reader.offset(), reader.position(), generators == null ? Map.of() : generators.snapshotState(),
                watermark, forwarded);
    }

    /** The reader's splits (a reader without any is one split). */
    private Collection<String> splits() {
        Collection<String> splits = reader.splits();
        return splits == null ? ONE_SPLIT : splits;
    }

    /** Each row's timestamp, and the watermark generated before it (the generator sees the rows in order). */
    private EventTime generateEventTime(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        long[] rowTimestamps = new long[rows];
        try {
            timestamps.extractTimestamps(batch, rowTimestamps);
        } catch (TimestampAssigner.MissingTimestampException e) {
            long record = reader.offset() - rows + e.row() + 1;
            throw new IllegalArgumentException("source '" + name + "', record " + record + ": " + e.getMessage(), e);
        }
        long[] rowWatermarks = new long[rows];
        String split = reader.split() == null ? "" : reader.split();
        for (int row = 0; row < rows; row++) {
            rowWatermarks[row] = watermark;
            generators.onEvent(split, rowTimestamps[row]);
        }
        return new EventTime(rowTimestamps, rowWatermarks);
    }

    /**
     * The processing-time clock of the watermark generator: wall time minus the time the output
     * spent waiting for credit, so backpressure never makes this source look idle (as Flink's
     * pausable source clock).
     */
    private long unblockedClock() {
        long now = System.nanoTime() / 1_000_000;
        return now - blockedMillis - (blockedSince < 0 ? 0 : now - blockedSince);
    }

    private void trackBlocking() {
        long now = System.nanoTime() / 1_000_000;
        if (output.hasBacklog() && blockedSince < 0) {
            blockedSince = now;
        } else if (!output.hasBacklog() && blockedSince >= 0) {
            blockedMillis += now - blockedSince;
            blockedSince = -1;
        }
    }

    private void forwardWatermark() {
        if (!idle && watermark > forwarded) {
            forwarded = watermark;
            output.broadcast(new Watermark(watermark));
            env.metrics.watermark(watermark);
        }
    }

    private void schedulePeriodicEmit() {
        getContext().scheduleOnce(periodicInterval, env.self(), new TaskCommand.WakeUp(0));
    }

    /** Reads on at once, or, when paced, once the rows read so far are due (barriers and credits come in between). */
    private void scheduleNextRead() {
        if (!continueScheduled && !output.hasBacklog()) {
            continueScheduled = true;
            long early = nanosPerRow == 0 ? 0 : pacingStart + (long) (pacedRows * nanosPerRow) - System.nanoTime();
            if (early > 0) {
                getContext().scheduleOnce(Duration.ofNanos(early), env.self(), TaskCommand.Continue.INSTANCE);
            } else {
                env.self().tell(TaskCommand.Continue.INSTANCE);
            }
        }
    }

    private void closeReader() {
        if (readerClosed) {
            return;
        }
        readerClosed = true;
        try {
            reader.close();
        } catch (Exception e) {
            env.context.getLog().warn("closing the reader of {} failed", env.id, e);
        }
    }
}
