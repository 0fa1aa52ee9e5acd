package io.sabot.actors.records;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.watermarks.timers.TimeDomain;
import io.sabot.watermarks.timers.TimerService;

/**
 * Runs a per-record {@link KeyedProcessFunction}: for each row it first fires the event-time timers
 * the row's watermark has reached, then sets the current key, converts the row to the input record
 * and calls the function. Firing timers between rows makes the result the same whatever the batch
 * size.
 */
public final class KeyedProcessAgent<K, I extends Record, O extends Record> extends TimedRecordAgent<I, O> {

    private final KeyedProcessFunction<K, I, O> function;
    private ElementContext elementContext;
    private TimerContext timerContext;

    public KeyedProcessAgent(KeyedProcessFunction<K, I, O> function, Class<I> input, Class<O> output) {
        super(input, output, "process");
        this.function = function;
    }

    @Override
    void openAgent() throws Exception {
        this.elementContext = new ElementContext();
        this.timerContext = new TimerContext();
        function.setRuntimeContext(new AgentRuntimeContext(agent));
        function.open();
    }

    @Override
    void processRow(KeyedBatch input, int row, I value, long timestamp) throws Exception {
        elementContext.key = agent.key(input.keyIds()[row]);
        elementContext.timestamp = timestamp;
        function.processElement(value, elementContext, elementContext);
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
            return currentKeyTimers;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) key;
        }

        @Override
        public void output(OutputTag tag, Record value) {
            KeyedProcessAgent.this.output(tag, value, timestamp);
        }

        @Override
        public void collect(O record) {
            KeyedProcessAgent.this.collect(record, timestamp);
        }
    }

    /** The context of {@code onTimer}: output gets the timer's time (event time) or none (processing time). */
    private final class TimerContext extends KeyedProcessFunction<K, I, O>.OnTimerContext implements Collector<O> {
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
            KeyedProcessAgent.this.output(tag, value, domain == TimeDomain.EVENT_TIME ? time : Long.MIN_VALUE);
        }

        @Override
        public void collect(O record) {
            KeyedProcessAgent.this.collect(record, domain == TimeDomain.EVENT_TIME ? time : Long.MIN_VALUE);
        }
    }
}
