package io.sabot.actors.records;

import io.sabot.actors.api.BroadcastProcessFunction;
import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.OutputTag;
import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReadOnlyBroadcastState;
import io.sabot.state.broadcast.BroadcastStates;
import java.util.List;

/**
 * Runs a {@link BroadcastProcessFunction} over a stream (input 0) connected with a broadcast stream
 * (input 1): rows of input 0 go to {@code processElement} with the broadcast state read-only, rows
 * of input 1 to {@code processBroadcastElement} with it writable, in arrival order. The broadcast
 * state is this subtask's operator state: snapshotted at every checkpoint, restored before open.
 */
public final class BroadcastProcessAgent<I1 extends Record, I2 extends Record, O extends Record>
        extends RecordAgent<Record, O> implements CoBatchFunction {

    private final BroadcastProcessFunction<I1, I2, O> function;
    private final Class<I1> firstType;
    private final Class<I2> broadcastType;
    private final List<MapStateDescriptor<?, ?>> descriptors;
    private BroadcastStates states;
    private byte[] restored; // held from restoreOperatorState until open, which knows the agent's name
    private ReadOnlyContext readOnlyContext;
    private Context context;

    public BroadcastProcessAgent(BroadcastProcessFunction<I1, I2, O> function, Class<I1> first, Class<I2> broadcast,
                                 Class<O> output, List<MapStateDescriptor<?, ?>> descriptors) {
        super(List.of(first, broadcast), output);
        this.function = function;
        this.firstType = first;
        this.broadcastType = broadcast;
        this.descriptors = List.copyOf(descriptors);
    }

    @Override
    public void restoreOperatorState(byte[] state) {
        restored = state;
    }

    @Override
    public byte[] snapshotOperatorState() {
        return states == null ? restored : states.snapshot(); // not opened yet: what it was given
    }

    @Override
    void openAgent() throws Exception {
        states = new BroadcastStates(descriptors, "agent '" + agent.agentName() + "'");
        if (restored != null) {
            states.restore(restored);
            restored = null;
        }
        readOnlyContext = new ReadOnlyContext();
        context = new Context();
        function.setRuntimeContext(new AgentRuntimeContext(agent));
        function.open();
    }

    @Override
    void processRow(int input, Record value) throws Exception {
        if (input == 0) {
            function.processElement(firstType.cast(value), readOnlyContext, readOnlyContext);
        } else {
            function.processBroadcastElement(broadcastType.cast(value), context, context);
        }
    }

    @Override
    public void close() throws Exception {
        super.close();
        function.close();
    }

    private final class ReadOnlyContext extends BroadcastProcessFunction<I1, I2, O>.ReadOnlyContext
            implements Collector<O> {
        ReadOnlyContext() {
            function.super();
        }

        @Override
        public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return states.readOnly(descriptor);
        }

        @Override
        public Long timestamp() {
            return BroadcastProcessAgent.this.timestamp();
        }

        @Override
        public long currentProcessingTime() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentWatermark() {
            return watermark();
        }

        @Override
        public void output(OutputTag tag, Record value) {
            BroadcastProcessAgent.this.output(tag, value);
        }

        @Override
        public void collect(O record) {
            BroadcastProcessAgent.this.collect(record);
        }
    }

    private final class Context extends BroadcastProcessFunction<I1, I2, O>.Context implements Collector<O> {
        Context() {
            function.super();
        }

        @Override
        public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return states.get(descriptor);
        }

        @Override
        public Long timestamp() {
            return BroadcastProcessAgent.this.timestamp();
        }

        @Override
        public long currentProcessingTime() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentWatermark() {
            return watermark();
        }

        @Override
        public void output(OutputTag tag, Record value) {
            BroadcastProcessAgent.this.output(tag, value);
        }

        @Override
        public void collect(O record) {
            BroadcastProcessAgent.this.collect(record);
        }
    }
}
