package io.sabot.actors.api;

import io.sabot.watermarks.timers.TimeDomain;
import io.sabot.watermarks.timers.TimerService;

/**
 * A per-record function on a keyed stream, with Flink's names and contract: the runtime sets the
 * current key before each {@link #processElement} and {@link #onTimer} call, and keyed state
 * obtained from {@link #getRuntimeContext()} reads and writes that key's values.
 *
 * <p>Timers. {@code ctx.timerService()} registers event-time timers (fired when the watermark
 * reaches them) and processing-time timers (fired when the wall clock does) for the current key;
 * one timer per (key, time), fired in time order, kept in the keyed state backend so snapshots hold
 * them. Records emitted by {@link #processElement} keep the input record's timestamp; records
 * emitted by {@link #onTimer} get the timer's time.
 *
 * <p>Records are Java records whose components name the columns they read or write; rows are
 * converted to and from Arrow by the runtime (the convenient path; vectorized {@link BatchFunction}s
 * are the fast one).
 *
 * @param <K> the key type (String, Integer or Long, from the key column)
 * @param <I> the input record type
 * @param <O> the output record type
 */
public abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** A timer registered through {@link Context#timerService()} fired, for key {@code ctx.getCurrentKey()}. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {}

    /** Information about the record being processed. */
    public abstract class Context {

        /** The record's event timestamp, or null on a stream without event time. */
        public abstract Long timestamp();

        public abstract TimerService timerService();

        public abstract K getCurrentKey();

        /**
         * Emits {@code value} to side output {@code tag} with the record's timestamp (the timer's in
         * {@code onTimer}); read it with {@code getSideOutput(tag)}. A record of a tag nobody reads is
         * dropped, as in Flink. Its record type must match the tag's schema.
         */
        public abstract void output(OutputTag tag, Record value);
    }

    /** Information about the timer that fired. */
    public abstract class OnTimerContext extends Context {

        public abstract TimeDomain timeDomain();
    }
}
