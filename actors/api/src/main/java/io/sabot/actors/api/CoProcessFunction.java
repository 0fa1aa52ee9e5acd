package io.sabot.actors.api;

/**
 * A per-record function over two connected streams, as Flink's {@code CoProcessFunction}:
 * {@link #processElement1} for records of the first input, {@link #processElement2} for the second,
 * called in arrival order. Output keeps the input record's timestamp. Keyed state and timers need
 * keyed inputs ({@link KeyedCoProcessFunction}).
 *
 * @param <I1> the first input's record type
 * @param <I2> the second input's record type
 * @param <O>  the output record type
 */
public abstract class CoProcessFunction<I1, I2, O> extends AbstractRichFunction {

    public abstract void processElement1(I1 value, Context ctx, Collector<O> out) throws Exception;

    public abstract void processElement2(I2 value, Context ctx, Collector<O> out) throws Exception;

    /** Information about the record being processed, and the side outputs. */
    public abstract class Context {

        /** The record's event timestamp, or null when its input has no event time. */
        public abstract Long timestamp();

        /** The combined watermark of both inputs before the record. */
        public abstract long currentWatermark();

        /** Emits {@code value} to side output {@code tag} (dropped if nobody reads the tag). */
        public abstract void output(OutputTag tag, Record value);
    }
}
