package io.sabot.actors.api;

/**
 * Receives the joined pairs of an interval join, as Flink's {@code ProcessJoinFunction}: for every
 * left element {@code l} and right element {@code r} with equal keys and
 * {@code l.ts + lowerBound <= r.ts <= l.ts + upperBound}, {@link #processElement} is called once,
 * when the second of the two arrives. What it emits gets the pair's timestamp,
 * {@code max(l.ts, r.ts)} ({@link Context#getTimestamp()}).
 *
 * <p>One instance runs per subtask; state from {@link #getRuntimeContext()} is scoped to the key of
 * the pair.
 *
 * @param <IN1> the left (first) input's record type
 * @param <IN2> the right (second) input's record type
 * @param <OUT> the output record type
 */
public abstract class ProcessJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {

    /** One joined pair; {@code ctx} tells both elements' timestamps. */
    public abstract void processElement(IN1 left, IN2 right, Context ctx, Collector<OUT> out) throws Exception;

    /** The timestamps of the pair being joined, and the side outputs. */
    public abstract class Context {

        /** The left element's event timestamp. */
        public abstract long getLeftTimestamp();

        /** The right element's event timestamp. */
        public abstract long getRightTimestamp();

        /** The pair's timestamp, {@code max(left, right)}: what emitted records carry. */
        public abstract long getTimestamp();

        /** Emits {@code value} to side output {@code tag} with the pair's timestamp (dropped if nobody reads the tag). */
        public abstract void output(OutputTag tag, Record value);
    }
}
