package io.sabot.actors.api;

import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReadOnlyBroadcastState;

/**
 * A per-record function over a stream connected with a broadcast stream, as Flink's
 * {@code BroadcastProcessFunction}: {@link #processBroadcastElement} is called on every subtask for
 * every element of the broadcast stream and may change the broadcast state; {@link #processElement}
 * is called for the elements of the other stream that reach this subtask and reads the broadcast
 * state only. Calls interleave in arrival order: nothing orders the broadcast elements before the
 * others (buffer what must wait, or use event time on a keyed stream with
 * {@link KeyedBroadcastProcessFunction}).
 *
 * <p>Broadcast state is one map per {@link MapStateDescriptor} given to
 * {@code DataStream.broadcast(descriptors...)}; it is checkpointed and restored on every subtask, at
 * any parallelism. It stays the same on every subtask as long as {@code processBroadcastElement}
 * changes it from the element and the state alone.
 *
 * <p>Output keeps the input record's timestamp.
 *
 * @param <IN1> the record type of the non-broadcast stream
 * @param <IN2> the record type of the broadcast stream
 * @param <OUT> the output record type
 */
public abstract class BroadcastProcessFunction<IN1, IN2, OUT> extends AbstractRichFunction {

    /** An element of the non-broadcast stream; the broadcast state is read-only here. */
    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    /** An element of the broadcast stream, given to every subtask; the broadcast state may change. */
    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** What both sides see of the record being processed. */
    public abstract class BaseContext {

        /** The record's event timestamp, or null when its input has no event time. */
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

    /** The context of {@link #processElement}: the broadcast state, read-only. */
    public abstract class ReadOnlyContext extends BaseContext {

        /** The broadcast state of {@code descriptor}, read-only; checked as {@link Context#getBroadcastState}. */
        public abstract <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);
    }
}
