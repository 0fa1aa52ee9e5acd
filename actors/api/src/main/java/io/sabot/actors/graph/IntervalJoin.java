package io.sabot.actors.graph;

import io.sabot.state.keys.KeyColumn;
import java.time.Duration;
import java.util.Objects;

/**
 * Two keyed streams about to be interval-joined (Flink's {@code KeyedStream.IntervalJoin}):
 *
 * <pre>{@code
 * trades.keyBy("symbol")
 *       .intervalJoin(quotes.keyBy("symbol"))
 *       .between(Duration.ofSeconds(-1), Duration.ofSeconds(1))
 *       .process("near-quotes", NearQuote::new, Trade.class, Quote.class, TradeQuote.class, 4);
 * }</pre>
 *
 * This stream is the left (first) input, the other the right; both need event time and keys of one type.
 */
public final class IntervalJoin {

    private final KeyedStream left;
    private final KeyedStream right;

    IntervalJoin(KeyedStream left, KeyedStream right) {
        if (left.input().job() != right.input().job()) {
            throw new IllegalArgumentException("cannot join streams of different jobs");
        }
        KeyColumn leftKey = KeyColumn.of(left.input().schema(), left.keyColumn());
        KeyColumn rightKey = KeyColumn.of(right.input().schema(), right.keyColumn());
        if (leftKey.type() != rightKey.type()) {
            throw new IllegalArgumentException("cannot interval-join '" + left.input().describe() + "' keyed by '"
                    + left.keyColumn() + "' (" + leftKey.type() + ") with '" + right.input().describe() + "' keyed by '"
                    + right.keyColumn() + "' (" + rightKey.type() + "): the keys of both must be of one type");
        }
        this.left = left;
        this.right = right;
    }

    /**
     * Joins left element {@code l} with right element {@code r} of the same key when
     * {@code l.ts + lowerBound <= r.ts <= l.ts + upperBound}, both bounds inclusive unless made
     * exclusive ({@link IntervalJoined#lowerBoundExclusive()}), either may be negative, in
     * milliseconds. Only in event time, as in Flink.
     */
    public IntervalJoined between(Duration lowerBound, Duration upperBound) {
        Objects.requireNonNull(lowerBound, "an interval join needs a lower bound");
        Objects.requireNonNull(upperBound, "an interval join needs an upper bound");
        for (KeyedStream side : new KeyedStream[] {left, right}) {
            if (!side.input().hasEventTime()) {
                throw new IllegalArgumentException("an interval join is only supported in event time: '"
                        + side.input().describe() + "' has no event time; give its source a WatermarkStrategy "
                        + "(JobBuilder.source(name, source, strategy))");
            }
        }
        long lower = lowerBound.toMillis();
        long upper = upperBound.toMillis();
        if (lower > upper) {
            throw new IllegalArgumentException("an interval join needs lowerBound <= upperBound, was between("
                    + lowerBound + ", " + upperBound + ")");
        }
        return new IntervalJoined(left, right, lower, upper);
    }
}
