package io.sabot.actors.api;

import io.sabot.watermarks.timers.TimeDomain;
import io.sabot.watermarks.timers.TimerService;

/**
 * A per-record function over two connected keyed streams, as Flink's
 * {@code KeyedCoProcessFunction}: records of both inputs with the same key share that key's state
 * and timers. The runtime sets the current key before each call; event-time timers fire when the
 * combined watermark of both inputs reaches them, and what {@link #onTimer} emits gets the timer's time.
 *
 * @param <K>  the key type (String, Integer or Long)
 * @param <I1> the first input's record type
 * @param <I2> the second input's record type
 * @param <O>  the output record type
 */
public abstract class KeyedCoProcessFunction<K, I1, I2, O> extends AbstractRichFunction {

    public abstract void processElement1(I1 value, Context ctx, Collector<O> out) throws Exception;

    public abstract void processElement2(I2 value, Context ctx, Collector<O> out) throws Exception;

    /** A timer registered through {@link Context#timerService()} fired, for key {@code ctx.getCurrentKey()}. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {}

    /** Information about the record being processed. */
    public abstract class Context {

        /** The record's event timestamp, or null when its input has no event time. */
        public abstract Long timestamp();

        public abstract TimerService timerService();

        public abstract K getCurrentKey();

        /** Emits {@code value} to side output {@code tag} (dropped if nobody reads the tag). */
        public abstract void output(OutputTag tag, Record value);
    }

    /** Information about the timer that fired. */
    public abstract class OnTimerContext extends Context {

        public abstract TimeDomain timeDomain();
    }
}
