package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.watermarks.timers.InternalTimerService;
import io.sabot.watermarks.timers.TimeDomain;
import io.sabot.watermarks.timers.TimerService;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a per-record {@link KeyedProcessFunction} as a vectorized agent: for each row it first fires
 * the event-time timers the row's watermark has reached, then sets the current key, converts the
 * row to the input record and calls the function; output records are collected into one batch.
 * Firing timers between rows makes the result the same whatever the batch size.
 */
public final class KeyedProcessAgent<K, I extends Record, O extends Record> implements BatchFunction,
        InternalTimerService.Triggerable {

    private static final byte[] NO_NAMESPACE = new byte[0];

    private final KeyedProcessFunction<K, I, O> function;
    private final RecordType<I> inputType;
    private final RecordType<O> outputType;
    private AgentContext agent;
    private InternalTimerService timers;
    private TimedRecordWriter<O> out;
    private ElementContext elementContext;
    private TimerContext timerContext;
    private final TimerService timerService = new Timers();

    public KeyedProcessAgent(KeyedProcessFunction<K, I, O> function, Class<I> input, Class<O> output) {
        this.function = function;
        this.inputType = RecordType.of(input);
        this.outputType = RecordType.of(output);
    }

    @Override
    public Schema outputSchema(Schema input) {
        inputType.checkReadableFrom(input);
        return outputType.schema();
    }

    @Override
    public void open(AgentContext context) throws Exception {
        this.agent = context;
        this.timers = context.timerService("process");
        this.out = new TimedRecordWriter<>(outputType, context);
        this.elementContext = new ElementContext();
        this.timerContext = new TimerContext();
        function.setRuntimeContext(new AgentRuntimeContext(context));
        function.open();
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        if (!input.isKeyed()) {
            throw new IllegalStateException("a KeyedProcessFunction needs a keyed stream (use keyBy)");
        }
        RecordType<I>.Reader reader = inputType.reader(input.root());
        int[] keyIds = input.keyIds();
        long[] timestamps = input.hasEventTime() ? input.eventTime().timestamps() : null;
        long[] watermarks = input.hasEventTime() ? input.eventTime().watermarks() : null;
        for (int row = 0; row < input.rowCount(); row++) {
            if (watermarks != null) {
                advanceWatermark(watermarks[row]);
            }
            agent.setCurrentKey(keyIds[row]);
            elementContext.key = agent.key(keyIds[row]);
            elementContext.timestamp = timestamps == null ? Long.MIN_VALUE : timestamps[row];
            function.processElement(reader.read(row), elementContext, elementContext);
        }
        out.flush();
        return null;
    }

    @Override
    public void onWatermark(long watermark) throws Exception {
        advanceWatermark(watermark);
        out.flush();
    }

    @Override
    public void onProcessingTime() throws Exception {
        timers.advanceProcessingTime(this);
        out.flush();
    }

    private void advanceWatermark(long watermark) throws Exception {
        // Timer output goes out before the watermark that fired it.
        timerContext.watermarkBefore = timers.currentWatermark();
        timers.advanceWatermark(watermark, this);
    }

    @Override
    public void onEventTime(Timer timer) throws Exception {
        fire(timer, TimeDomain.EVENT_TIME);
    }

    @Override
    public void onProcessingTime(Timer timer) throws Exception {
        timerContext.watermarkBefore = timers.currentWatermark();
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
        if (out != null) {
            out.discard();
        }
        function.close();
    }

    /** Timers for the current key, whichever context hands them out. */
    private final class Timers implements TimerService {
        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerEventTimeTimer(long time) {
            timers.registerEventTimeTimer(NO_NAMESPACE, time);
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            timers.registerProcessingTimeTimer(NO_NAMESPACE, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            timers.deleteEventTimeTimer(NO_NAMESPACE, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            timers.deleteProcessingTimeTimer(NO_NAMESPACE, time);
        }
    }

    /** The context of {@code processElement}: output keeps the record's timestamp. */
    private final class ElementContext extends KeyedProcessFunction<K, I, O>.Context implements Collector<O> {
        Object key;
        long timestamp;

        ElementContext() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return timestamp == Long.MIN_VALUE ? null : timestamp;
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) key;
        }

        @Override
        public void collect(O record) {
            out.write(record, timestamp, timers.currentWatermark());
        }
    }

    /** The context of {@code onTimer}: output gets the timer's time. */
    private final class TimerContext extends KeyedProcessFunction<K, I, O>.OnTimerContext implements Collector<O> {
        Object key;
        long time;
        long watermarkBefore;
        TimeDomain domain;

        TimerContext() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return time;
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) key;
        }

        @Override
        public TimeDomain timeDomain() {
            return domain;
        }

        @Override
        public void collect(O record) {
            out.write(record, domain == TimeDomain.EVENT_TIME ? time : Long.MIN_VALUE, watermarkBefore);
        }
    }
}
