package io.sabot.actors.records;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.KeyedBroadcastProcessFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReadOnlyBroadcastState;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.state.broadcast.BroadcastStates;
import io.sabot.watermarks.timers.TimeDomain;
import io.sabot.watermarks.timers.TimerService;
import java.util.List;

/**
 * Runs a {@link KeyedBroadcastProcessFunction} over a keyed stream (input 0) connected with a
 * broadcast stream (input 1, not keyed): rows of input 0 go to {@code processElement} with their key
 * current and the broadcast state read-only, rows of input 1 to {@code processBroadcastElement} with
 * it writable; timers fire between rows when the combined watermark (the broadcast input's
 * included) reaches them. The broadcast state is this subtask's operator state: snapshotted at every
 * checkpoint, restored before open; keyed state and timers are the state backend's.
 */
public final class KeyedBroadcastProcessAgent<K, I1 extends Record, I2 extends Record, O extends Record>
        extends TimedRecordAgent<Record, O> implements CoBatchFunction {

    private final KeyedBroadcastProcessFunction<K, I1, I2, O> function;
    private final Class<I1> firstType;
    private final Class<I2> broadcastType;
    private final List<MapStateDescriptor<?, ?>> descriptors;
    private BroadcastStates states;
    private byte[] restored; // held from restoreOperatorState until open, which knows the agent's name
    private ElementContext elementContext;
    private BroadcastContext broadcastContext;
    private TimerContext timerContext;

    public KeyedBroadcastProcessAgent(KeyedBroadcastProcessFunction<K, I1, I2, O> function, Class<I1> first,
                                      Class<I2> broadcast, Class<O> output, List<MapStateDescriptor<?, ?>> descriptors) {
        super(List.of(first, broadcast), output, "broadcast-process");
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
    boolean isBroadcastInput(int input) {
        return input == 1;
    }

    @Override
    void openAgent() throws Exception {
        states = new BroadcastStates(descriptors, "agent '" + agent.agentName() + "'");
        if (restored != null) {
            states.restore(restored);
            restored = null;
        }
        elementContext = new ElementContext();
        broadcastContext = new BroadcastContext();
        timerContext = new TimerContext();
        function.setRuntimeContext(new AgentRuntimeContext(agent));
        function.open();
    }

    @Override
    void processRow(KeyedBatch input, int row, Record value, long timestamp) throws Exception {
        if (input.input() == 0) {
            elementContext.key = agent.key(input.keyIds()[row]);
            elementContext.timestamp = timestamp;
            function.processElement(firstType.cast(value), elementContext, elementContext);
        } else {
            broadcastContext.timestamp = timestamp;
            function.processBroadcastElement(broadcastType.cast(value), broadcastContext, broadcastContext);
        }
    }

    @Override
    public void onEventTime(Timer timer) throws Exception {
        fire(timer, TimeDomain.EVENT_TIME);
    }

    @Override
    public void onProcessingTime(Timer timer) throws Exception {
        fire(timer, TimeDomain.PROCESSING_TIME);
    }

    private void fire(Timer timer, TimeDomain domain) throws Exception {
        timerContext.key = timer.key();
        timerContext.time = timer.timestamp();
        timerContext.domain = domain;
        function.onTimer(timer.timestamp(), timerContext, timerContext);
    }

    @Override
    public void close() throws Exception {
        super.close();
        function.close();
    }

    private static Long orNull(long timestamp) {
        return timestamp == Long.MIN_VALUE ? null : timestamp;
    }

    /** The context of {@code processElement}: output keeps the record's timestamp. */
    private class ElementContext extends KeyedBroadcastProcessFunction<K, I1, I2, O>.OnTimerContext
            implements Collector<O> {
        Object key;
        long timestamp;

        ElementContext() {
            function.super();
        }

        @Override
        public <KB, VB> ReadOnlyBroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
            return states.readOnly(descriptor);
        }

        @Override
        public Long timestamp() {
            return orNull(timestamp);
        }

        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public TimerService timerService() {
            return currentKeyTimers;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) key;
        }

        @Override
        public TimeDomain timeDomain() {
            throw new IllegalStateException("timeDomain() is the time domain of a timer: ask it in onTimer");
        }

        @Override
        public void output(OutputTag tag, Record value) {
            KeyedBroadcastProcessAgent.this.output(tag, value, timestamp);
        }

        @Override
        public void collect(O record) {
            KeyedBroadcastProcessAgent.this.collect(record, timestamp);
        }
    }

    /** The context of {@code onTimer}: output gets the timer's time (event time) or none (processing time). */
    private final class TimerContext extends ElementContext {
        long time;
        TimeDomain domain;

        @Override
        public Long timestamp() {
            return time;
        }

        @Override
        public TimeDomain timeDomain() {
            return domain;
        }

        @Override
        public void output(OutputTag tag, Record value) {
            KeyedBroadcastProcessAgent.this.output(tag, value, domain == TimeDomain.EVENT_TIME ? time : Long.MIN_VALUE);
        }

        @Override
        public void collect(O record) {
            KeyedBroadcastProcessAgent.this.collect(record, domain == TimeDomain.EVENT_TIME ? time : Long.MIN_VALUE);
        }
    }

    /** The context of {@code processBroadcastElement}: output keeps the broadcast element's timestamp. */
    private final class BroadcastContext extends KeyedBroadcastProcessFunction<K, I1, I2, O>.Context
            implements Collector<O> {
        long timestamp;

        BroadcastContext() {
            function.super();
        }

        @Override
        public <KB, VB> BroadcastState<KB, VB> getBroadcastState(MapStateDescriptor<KB, VB> descriptor) {
            return states.get(descriptor);
        }

        @Override
        public Long timestamp() {
            return orNull(timestamp);
        }

        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void output(OutputTag tag, Record value) {
            KeyedBroadcastProcessAgent.this.output(tag, value, timestamp);
        }

        @Override
        public void collect(O record) {
            KeyedBroadcastProcessAgent.this.collect(record, timestamp);
        }
    }
}
