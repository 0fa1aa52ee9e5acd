package io.sabot.actors.runtime;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.keys.KeyColumn;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An agent subtask: takes elements from its input channels in turn, runs the user's function on
 * every batch (on a keyed stream with its keyed state backend bound to the batch's keys), forwards the
 * combined watermark and completed barriers, and consumes no input while its output waits for
 * credit. That is what keeps memory bounded however fast the source is.
 */
final class AgentTask extends AbstractBehavior<TaskCommand> implements AgentContext {

    private final TaskEnvironment env;
    private final String jobName;
    private final int parallelism;
    private final BatchFunction function;
    private final KeyColumn keyColumn;        // null on a non-keyed stream
    private final KeyedStateBackend state;    // null on a non-keyed stream
    private final InputGate input;
    private final OutputGate output;
    private final ChannelWatermarks watermarks;
    private final BarrierTracker barriers;
    private int[] keyIds = new int[0];
    private int endedChannels;

    AgentTask(TaskEnvironment env, String jobName, int parallelism, BatchFunction function, KeyColumn keyColumn,
              KeyedStateBackend state, InputGate input, OutputGate output) throws Exception {
        super(env.context);
        this.env = env;
        this.jobName = jobName;
        this.parallelism = parallelism;
        this.function = function;
        this.keyColumn = keyColumn;
        this.state = state;
        this.input = input;
        this.output = output;
        this.watermarks = new ChannelWatermarks(input.channels());
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
                process(batch);
            }
            input.consumed(channel, env.self());
        } else if (element instanceof Watermark watermark) {
            if (watermarks.advance(channel, watermark.timestamp())) {
                output.broadcast(new Watermark(watermarks.combined()));
            }
        } else if (element instanceof CheckpointBarrier barrier) {
            if (barriers.onBarrier(barrier.id())) {
                output.broadcast(barrier);
            }
        } else if (element == EndOfInput.INSTANCE) {
            return ++endedChannels == input.channels();
        }
        // WatermarkStatus: idleness is handled by the event-time runtime.
        return false;
    }

    private void process(Batch input) throws Exception {
        VectorSchemaRoot batch = input.root();
        int rows = batch.getRowCount();
        env.metrics.addIn(rows);
        if (state == null) {
            emit(function.process(new KeyedBatch(batch, null, 0, input.dictionaries())), input);
            return;
        }
        if (keyIds.length < rows) {
            keyIds = new int[Math.max(rows, keyIds.length * 2)];
        }
        int keys = state.bindBatch(batch, input.dictionaries(), keyColumn, keyIds);
        if ((env.metrics.batchesIn() & 15) == 1) { // every 16 batches: RocksDB's estimate is not free
            env.metrics.keys((int) Math.min(Integer.MAX_VALUE, state.keyCount()));
        }
        VectorSchemaRoot result;
        try {
            result = function.process(new KeyedBatch(batch, keyIds, keys, input.dictionaries()));
        } finally {
            state.finishBatch();
        }
        emit(result, input);
    }

    /** Emits the function's output; the input's dictionaries go with it if it kept dictionary-encoded columns. */
    private void emit(VectorSchemaRoot result, Batch input) {
        if (result == null) {
            return;
        }
        boolean encoded = result.getSchema().getFields().stream().anyMatch(f -> f.getDictionary() != null);
        output.emit(Batch.of(result, encoded ? input.takeDictionaries() : null));
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

    @Override
    public long currentWatermark() {
        return watermarks.combined();
    }
}
