package io.sabot.actors.records;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.KeyedCoProcessFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.watermarks.timers.TimeDomain;
import io.sabot.watermarks.timers.TimerService;
import java.util.List;

/**
 * Runs a {@link KeyedCoProcessFunction} over two connected keyed streams: rows of the first input
 * go to {@code processElement1}, of the second to {@code processElement2}, with the row's key
 * current, so both share the key's state and timers; timers fire between rows when the combined
 * watermark reaches them.
 */
public final class KeyedCoProcessAgent<K, I1 extends Record, I2 extends Record, O extends Record>
        extends TimedRecordAgent<Record, O> implements CoBatchFunction {

    private final KeyedCoProcessFunction<K, I1, I2, O> function;
    private final Class<I1> firstType;
    private final Class<I2> secondType;
    private ElementContext elementContext;
    private TimerContext timerContext;

    public KeyedCoProcessAgent(KeyedCoProcessFunction<K, I1, I2, O> function, Class<I1> first, Class<I2> second,
                               Class<O> output) {
        super(List.of(first, second), output, "co-process");
        this.function = function;
        this.firstType = first;
        this.secondType = second;
    }

    @Override
    void openAgent() throws Exception {
        this.elementContext = new ElementContext();
        this.timerContext = new TimerContext();
        function.setRuntimeContext(new AgentRuntimeContext(agent));
        function.open();
    }

    @Override
    void processRow(KeyedBatch input, int row, Record value, long timestamp) throws Exception {
        elementContext.key = agent.key(input.keyIds()[row]);
        elementContext.timestamp = timestamp;
        if (input.input() == 0) {
            function.processElement1(firstType.cast(value), elementContext, elementContext);
        } else {
            function.processElement2(secondType.cast(value), elementContext, elementContext);
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

    /** The context of {@code processElement1/2}: output keeps the record's timestamp. */
    private final class ElementContext extends KeyedCoProcessFunction<K, I1, I2, O>.Context implements Collector<O> {
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
            return currentKeyTimers;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) key;
        }

        @Override
        public void output(OutputTag tag, Record value) {
            KeyedCoProcessAgent.this.output(tag, value, timestamp);
        }

        @Override
        public void collect(O record) {
            KeyedCoProcessAgent.this.collect(record, timestamp);
        }
    }

    /** The context of {@code onTimer}: output gets the timer's time (event time) or none (processing time). */
    private final class TimerContext extends KeyedCoProcessFunction<K, I1, I2, O>.OnTimerContext implements Collector<O> {
        Object key;
        long time;
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
            return currentKeyTimers;
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
        public void output(OutputTag tag, Record value) {
            KeyedCoProcessAgent.this.output(tag, value, domain == TimeDomain.EVENT_TIME ? time : Long.MIN_VALUE);
        }

        @Override
        public void collect(O record) {
            KeyedCoProcessAgent.this.collect(record, domain == TimeDomain.EVENT_TIME ? time : Long.MIN_VALUE);
        }
    }
}
