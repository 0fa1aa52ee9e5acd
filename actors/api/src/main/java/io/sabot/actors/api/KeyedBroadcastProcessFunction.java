package io.sabot.actors.api;

import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReadOnlyBroadcastState;
import io.sabot.watermarks.timers.TimeDomain;
import io.sabot.watermarks.timers.TimerService;

/**
 * A per-record function over a keyed stream connected with a broadcast stream, as Flink's
 * {@code KeyedBroadcastProcessFunction}: {@link #processElement} handles the keyed stream's records
 * with their key current (keyed state, timers) and reads the broadcast state;
 * {@link #processBroadcastElement} is called on every subtask for every broadcast element and may
 * change the broadcast state. Event-time timers fire when the combined watermark of both inputs
 * reaches them: a broadcast stream holds event time back until its watermark passes, which lets a
 * function wait for the parameters in force at a record's time (see {@code docs/broadcast-state.md}).
 *
 * <p>Differences from Flink: {@code Context.applyToKeyedState} is not offered, and keyed state must
 * not be used in {@code processBroadcastElement} (no key is current there; Flink throws, Sabot does
 * not check and would use the key of the last record or timer).
 *
 * @param <KS>  the key type of the keyed stream (String, Integer or Long)
 * @param <IN1> the record type of the keyed stream
 * @param <IN2> the record type of the broadcast stream
 * @param <OUT> the output record type
 */
public abstract class KeyedBroadcastProcessFunction<KS, IN1, IN2, OUT> extends AbstractRichFunction {

    /** A record of the keyed stream, its key current; the broadcast state is read-only here. */
    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    /** An element of the broadcast stream, given to every subtask; the broadcast state may change. */
    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** A timer registered in {@link #processElement} fired, for key {@code ctx.getCurrentKey()}. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {}

    /** What both sides see of the record being processed. */
    public abstract class BaseContext {

        /** The record's event timestamp (the timer's time in {@code onTimer}), or null without event time. */
        public abstract Long timestamp();

        /** Wall-clock time in epoch milliseconds. */
        public abstract long currentProcessingTime();

        /** The combined watermark of both inputs (the broadcast one included) before the record. */
        public abstract long currentWatermark();

        /** Emits {@code value} to side output {@code tag} (dropped if nobody reads the tag). */
        public abstract void output(OutputTag tag, Record value);
    }

    /** The context of {@link #processBroadcastElement}: the broadcast state to change. */
    public abstract class Context extends BaseContext {

        /**
         * The broadcast state of {@code descriptor}, which must be one given to
         * {@code broadcast(descriptors...)} (same name and types), else IllegalArgumentException.
         */
        public abstract <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);
    }

    /** The context of {@link #processElement}: the broadcast state read-only, the key, its timers. */
    public abstract class ReadOnlyContext extends BaseContext {

        /** The broadcast state of {@code descriptor}, read-only; checked as {@link Context#getBroadcastState}. */
        public abstract <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);

        /** Timers of the current key. */
        public abstract TimerService timerService();

        public abstract KS getCurrentKey();
    }

    /** The context of {@link #onTimer}. */
    public abstract class OnTimerContext extends ReadOnlyContext {

        public abstract TimeDomain timeDomain();
    }
}
