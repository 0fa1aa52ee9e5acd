package io.sabot.actors.api;

/**
 * A per-record function on any stream, as Flink's {@code ProcessFunction}: emits zero or more
 * records per input record to its main output ({@code out}) and to side outputs
 * ({@code ctx.output(tag, value)}); everything it emits keeps the input record's timestamp. Timers
 * and keyed state need a keyed stream ({@link KeyedProcessFunction}).
 *
 * @param <I> the input record type
 * @param <O> the output record type
 */
public abstract class ProcessFunction<I, O> extends AbstractRichFunction {

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Information about the record being processed, and the side outputs. */
    public abstract class Context {

        /** The record's event timestamp, or null on a stream without event time. */
        public abstract Long timestamp();

        /** The watermark before the record (Long.MIN_VALUE before the first). */
        public abstract long currentWatermark();

        /**
         * Emits {@code value} to side output {@code tag} (read it with {@code getSideOutput(tag)}; a
         * record of a tag nobody reads is dropped, as in Flink). Its record type must match the tag's schema.
         */
        public abstract void output(OutputTag tag, Record value);
    }
}
