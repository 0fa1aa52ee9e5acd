package io.sabot.actors.graph;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessJoinFunction;
import io.sabot.actors.records.IntervalJoinAgent;
import java.util.function.Supplier;

/**
 * An interval join with its bounds (Flink's {@code KeyedStream.IntervalJoined}): choose whether the
 * bounds are exclusive and where late elements go, then {@link #process} the joined pairs. State:
 * each element stays buffered until the watermark passes its last possible partner's time (left:
 * {@code ts + max(0, upperBound)}, right: {@code ts + max(0, −lowerBound)}), then it is dropped.
 */
public final class IntervalJoined {

    private final KeyedStream left;
    private final KeyedStream right;
    private final long lowerBound;
    private final long upperBound;
    private boolean lowerBoundInclusive = true;
    private boolean upperBoundInclusive = true;
    private OutputTag leftLateData;
    private OutputTag rightLateData;

    IntervalJoined(KeyedStream left, KeyedStream right, long lowerBound, long upperBound) {
        this.left = left;
        this.right = right;
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
    }

    /** Pairs with {@code r.ts == l.ts + lowerBound} do not join. */
    public IntervalJoined lowerBoundExclusive() {
        lowerBoundInclusive = false;
        return this;
    }

    /** Pairs with {@code r.ts == l.ts + upperBound} do not join. */
    public IntervalJoined upperBoundExclusive() {
        upperBoundInclusive = false;
        return this;
    }

    /**
     * Sends left elements that arrive behind the watermark ({@code ts < watermark}) to side output
     * {@code tag}, which has the left input's schema, instead of dropping them.
     */
    public IntervalJoined sideOutputLeftLateData(OutputTag tag) {
        leftLateData = tag;
        return this;
    }

    /** Sends late right elements to side output {@code tag} (the right input's schema). */
    public IntervalJoined sideOutputRightLateData(OutputTag tag) {
        rightLateData = tag;
        return this;
    }

    /**
     * Joins with {@code function}, a new instance per subtask: left rows read as {@code leftType},
     * right rows as {@code rightType}. The output's records carry each pair's timestamp
     * {@code max(left.ts, right.ts)}.
     */
    public <L extends Record, R extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends ProcessJoinFunction<L, R, O>> function,
            Class<L> leftType, Class<R> rightType, Class<O> outputType, int parallelism) {
        // Exclusive bounds become inclusive ones a millisecond inward, as Flink's operator does.
        long lower = lowerBoundInclusive ? lowerBound : lowerBound + 1;
        long upper = upperBoundInclusive ? upperBound : upperBound - 1;
        IntervalJoinAgent.Spec spec;
        try {
            spec = new IntervalJoinAgent.Spec(lower, upper, leftLateData, rightLateData);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("interval join '" + name + "': " + e.getMessage(), e);
        }
        return new KeyedConnectedStreams(left, right).process(name,
                () -> new IntervalJoinAgent<>(function.get(), spec, leftType, rightType, outputType), parallelism);
    }
}
