package io.sabot.actors.runtime;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import io.sabot.actors.stream.WatermarkStatus;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.keys.KeyColumn;
import io.sabot.watermarks.timers.InternalTimerService;
import io.sabot.watermarks.valve.StatusWatermarkValve;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An agent subtask: takes elements from its input channels in turn, runs the user's function on
 * every batch (on a keyed stream with its keyed state backend bound to the batch's keys), forwards
 * the combined watermark and completed barriers, and consumes no input while its output waits for
 * credit. That is what keeps memory bounded however fast the source is.
 *
 * <p>Event time. Input watermarks and idle/active statuses go through a {@link StatusWatermarkValve}
 * per channel, row by row: every row of a batch is given the combined watermark in effect just
 * before it, which is what a per-record runtime would show the function. After each element that
 * advanced the combined watermark the function hears {@link BatchFunction#onWatermark}, and the
 * watermark is forwarded behind the output it caused.
 */
final class AgentTask extends AbstractBehavior<TaskCommand> implements AgentContext {

    private final TaskEnvironment env;
    private final String jobName;
    private final int parallelism;
    private final BatchFunction function;
    private final KeyColumn keyColumn;        // null on a non-keyed stream
    private final KeyedStateBackend state;    // null on a non-keyed stream
    private final Set<String> sideOutputs;
    private final InputGate input;
    private final OutputGate output;
    private final StatusWatermarkValve valve;
    private final BarrierTracker barriers;
    private long functionWatermark = Long.MIN_VALUE;   // the last watermark the function heard of
    private long forwardedWatermark = Long.MIN_VALUE;  // the last watermark sent downstream
    private long wakeUpAt = Long.MAX_VALUE;
    private int[] keyIds = new int[0];
    private int endedChannels;

    private final StatusWatermarkValve.Output valveOutput = new StatusWatermarkValve.Output() {
        @Override
        public void emitWatermark(long watermark) {
            // read from the valve after each element (or row), see advanceWatermark
        }

        @Override
        public void emitStatus(boolean idle) {
            try {
                advanceWatermark(); // a flushed watermark goes out before the status, as in Flink
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            output.broadcast(idle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
        }
    };

    AgentTask(TaskEnvironment env, String jobName, int parallelism, BatchFunction function, KeyColumn keyColumn,
              KeyedStateBackend state, Set<String> sideOutputs, InputGate input, OutputGate output) throws Exception {
        super(env.context);
        this.env = env;
        this.jobName = jobName;
        this.parallelism = parallelism;
        this.function = function;
        this.keyColumn = keyColumn;
        this.state = state;
        this.sideOutputs = Set.copyOf(sideOutputs);
        this.input = input;
        this.output = output;
        this.valve = new StatusWatermarkValve(input.channels());
        this.barriers = new BarrierTracker(input.channels());
        function.open(this);
        input.open(env.self());
    }

    @Override
    public Receive<TaskCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(TaskCommand.Deliver.class, deliver -> {
                    input.receive(deliver);
                    return drain();
                })
                .onMessage(TaskCommand.Credit.class, credit -> {
                    output.onCredit(credit);
                    return drain();
                })
                .onMessage(TaskCommand.WakeUp.class, this::onWakeUp)
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
            while (!output.hasBacklog()) {
                int channel = input.nextChannel();
                if (channel < 0) {
                    break;
                }
                if (handle(channel, input.take(channel))) {
                    if (state != null) {
                        env.metrics.keys((int) Math.min(Integer.MAX_VALUE, state.keyCount()));
                    }
                    function.close();
                    output.broadcast(EndOfInput.INSTANCE);
                    return DrainingOutput.finish(env, output);
                }
            }
            env.metrics.queuedBatches(input.queuedBatches());
            return this;
        } catch (Exception | AssertionError e) {
            discardAll();
            return env.failed(e);
        }
    }

    /** Handles one element; returns true when every input channel has ended. */
    private boolean handle(int channel, StreamElement element) throws Exception {
        if (element instanceof Batch batch) {
            try (batch) {
                process(channel, batch);
            }
            input.consumed(channel, env.self());
        } else if (element instanceof Watermark watermark) {
            valve.inputWatermark(watermark.timestamp(), channel, valveOutput);
        } else if (element instanceof WatermarkStatus status) {
            valve.inputStatus(status == WatermarkStatus.IDLE, channel, valveOutput);
        } else if (element instanceof CheckpointBarrier barrier) {
            if (barriers.onBarrier(barrier.id())) {
                output.broadcast(barrier);
            }
        } else if (element == EndOfInput.INSTANCE) {
            // An ended channel holds nothing back, even if it went idle before it ended.
            valve.inputStatus(false, channel, valveOutput);
            valve.inputWatermark(Long.MAX_VALUE, channel, valveOutput);
            advanceWatermark();
            return ++endedChannels == input.channels();
        }
        advanceWatermark();
        return false;
    }

    /** Tells the function, then the downstream tasks, that the combined watermark advanced. */
    private void advanceWatermark() throws Exception {
        long combined = valve.watermark();
        if (combined > functionWatermark) {
            functionWatermark = combined;
            function.onWatermark(combined);
        }
        if (combined > forwardedWatermark) {
            forwardedWatermark = combined;
            output.broadcast(new Watermark(combined));
            env.metrics.watermark(combined);
        }
    }

    private void process(int channel, Batch input) throws Exception {
        VectorSchemaRoot root = input.root();
        int rows = root.getRowCount();
        env.metrics.addIn(rows);
        EventTime eventTime = combinedEventTime(channel, input.eventTime());
        if (state == null) {
            emitResult(function.process(new KeyedBatch(root, null, 0, input.dictionaries(), eventTime)), input, eventTime);
            return;
        }
        if (keyIds.length < rows) {
            keyIds = new int[Math.max(rows, keyIds.length * 2)];
        }
        int keys = state.bindBatch(root, input.dictionaries(), keyColumn, keyIds);
        if ((env.metrics.batchesIn() & 15) == 1) { // every 16 batches: RocksDB's estimate is not free
            env.metrics.keys((int) Math.min(Integer.MAX_VALUE, state.keyCount()));
        }
        VectorSchemaRoot result;
        try {
            result = function.process(new KeyedBatch(root, keyIds, keys, input.dictionaries(), eventTime));
        } finally {
            state.finishBatch();
        }
        emitResult(result, input, eventTime);
    }

    /** The rows' timestamps with, per row, the combined watermark just before it (null without event time). */
    private EventTime combinedEventTime(int channel, EventTime channelTime) {
        if (channelTime == null) {
            return null;
        }
        long[] rowWatermarks = channelTime.watermarks();
        long[] combined = new long[rowWatermarks.length];
        for (int row = 0; row < combined.length; row++) {
            valve.inputWatermark(rowWatermarks[row], channel, valveOutput); // repeats return at once
            combined[row] = valve.watermark();
        }
        return new EventTime(channelTime.timestamps(), combined);
    }

    /**
     * Emits the function's output. It keeps its input's event time row for row (one of another
     * length has no timestamps), and the input's dictionaries if it kept dictionary-encoded columns.
     */
    private void emitResult(VectorSchemaRoot result, Batch input, EventTime inputTime) {
        if (result == null) {
            return;
        }
        EventTime eventTime = inputTime;
        if (inputTime != null && result.getRowCount() != inputTime.rows()) {
            long[] none = new long[result.getRowCount()];
            Arrays.fill(none, Long.MIN_VALUE);
            long[] watermarks = new long[none.length];
            Arrays.fill(watermarks, inputTime.rows() == 0 ? functionWatermark : inputTime.watermarks()[0]);
            eventTime = new EventTime(none, watermarks);
        }
        boolean encoded = result.getSchema().getFields().stream().anyMatch(f -> f.getDictionary() != null);
        output.emit(Batch.of(result, encoded ? input.takeDictionaries() : null, eventTime));
    }

    private Behavior<TaskCommand> onWakeUp(TaskCommand.WakeUp wakeUp) {
        if (wakeUp.time() != wakeUpAt) {
            return this; // superseded by an earlier wake-up
        }
        wakeUpAt = Long.MAX_VALUE;
        try {
            function.onProcessingTime();
            return this;
        } catch (Exception | AssertionError e) {
            discardAll();
            return env.failed(e);
        }
    }

    private void requestWakeUp(long time) {
        if (time >= wakeUpAt) {
            return;
        }
        wakeUpAt = time;
        long delay = Math.max(0, time - System.currentTimeMillis());
        getContext().scheduleOnce(Duration.ofMillis(delay), env.self(), new TaskCommand.WakeUp(time));
    }

    private void discardAll() {
        input.discard();
        output.discard();
        try {
            function.close();
        } catch (Exception e) {
            env.context.getLog().warn("closing the function of {} failed", env.id, e);
        }
    }

    // --- AgentContext: what the user's function sees ---

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public String agentName() {
        return env.id.vertex();
    }

    @Override
    public int subtaskIndex() {
        return env.id.subtask();
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public BufferAllocator allocator() {
        return env.allocator;
    }

    @Override
    public Object key(int keyId) {
        return keyed().key(keyId);
    }

    @Override
    public KeyedStateStore state() {
        return keyed();
    }

    @Override
    public ColumnarStateStore columns() {
        return keyed();
    }

    @Override
    public void setCurrentKey(int keyId) {
        keyed().setCurrentKey(keyId);
    }

    private KeyedStateBackend keyed() {
        if (state == null) {
            throw new IllegalStateException("agent '" + env.id.vertex() + "' is not on a keyed stream: it has no keyed state");
        }
        return state;
    }

    /** The watermark the function was last told of: during a batch, the one before it (per row: the batch's event time). */
    @Override
    public long currentWatermark() {
        return functionWatermark;
    }

    @Override
    public InternalTimerService timerService(String name) {
        return new InternalTimerService(keyed(), name, System::currentTimeMillis, this::requestWakeUp);
    }

    @Override
    public void emit(VectorSchemaRoot batch, EventTime eventTime) {
        output.emit(owned(batch, eventTime));
    }

    /** The batch the runtime now owns; a batch that cannot be taken (event time of another length) is freed. */
    private static Batch owned(VectorSchemaRoot batch, EventTime eventTime) {
        try {
            return Batch.of(batch, eventTime);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    @Override
    public void emit(OutputTag tag, VectorSchemaRoot batch, EventTime eventTime) {
        if (!sideOutputs.contains(tag.id())) {
            batch.close();
            throw new IllegalArgumentException("agent '" + env.id.vertex() + "' did not declare side output '"
                    + tag.id() + "' (BatchFunction.sideOutputs)");
        }
        output.emit(tag.id(), owned(batch, eventTime));
    }
}
