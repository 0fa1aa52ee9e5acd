package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import java.util.List;

/**
 * Per-key exponentially weighted moving average of a float64 column, appended as
 * {@code <column>_ewma}:
 *
 * <pre>  s_0 = x_0,   s_t = α·x_t + (1 − α)·s_{t−1},   α in (0, 1]</pre>
 *
 * A NaN or null input leaves the key's state unchanged and the row gets the current average (null
 * if the key has none yet). State: one double per key, a columnar state column named like the
 * output (NaN: no average yet). Needs a keyed stream.
 */
public final class Ewma extends Kernel {

    private final String output;
    private final double alpha;
    private DoubleColumnState state;

    public Ewma(String column, double alpha) {
        this(column, column + "_ewma", alpha);
    }

    public Ewma(String column, String output, double alpha) {
        super("EWMA", List.of(column), List.of(output), true);
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA alpha must be in (0, 1], was " + alpha);
        }
        this.output = output;
        this.alpha = alpha;
    }

    /** α = 2 / (span + 1), as pandas' {@code ewm(span=…)}. */
    public static Ewma ofSpan(String column, double span) {
        return new Ewma(column, alphaOfSpan(span));
    }

    /** α = 1 − 2^(−1/h): the weight of an observation halves every h observations. */
    public static Ewma ofHalfLife(String column, double halfLife) {
        return new Ewma(column, alphaOfHalfLife(halfLife));
    }

    /** α = 2 / (span + 1), span at least 1. */
    public static double alphaOfSpan(double span) {
        if (!(span >= 1)) {
            throw new IllegalArgumentException("EWMA span must be at least 1, was " + span);
        }
        return 2 / (span + 1);
    }

    /** α = 1 − 2^(−1/h), h positive. */
    public static double alphaOfHalfLife(double halfLife) {
        if (!(halfLife > 0)) {
            throw new IllegalArgumentException("EWMA half-life must be positive, was " + halfLife);
        }
        return 1 - Math.pow(2, -1 / halfLife);
    }

    public double alpha() {
        return alpha;
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        state = columns.doubleColumn(output, Double.NaN);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        return smooth(state.values(), keys, from, to, in[0], out[0], alpha, false);
    }

    /**
     * Per key {@code s = α·x + (1 − α)·s}, seeded with the key's first x; a NaN x leaves s unchanged.
     * Every row gets its key's s (NaN before the first x). With {@code square}, x is the input squared
     * (the RiskMetrics variance is this over returns, with α = 1 − λ). Returns 1 if some row got a NaN.
     */
    static long smooth(double[] s, int[] keys, int from, int to, long input, long output, double alpha, boolean square) {
        double keep = 1 - alpha;
        long nulls = 0;
        for (int row = from; row < to; row++) {
            int key = keys[row];
            double value = get(input, row);
            if (square) {
                value *= value;
            }
            double previous = s[key];
            double next;
            if (value != value) {               // NaN: state unchanged
                next = previous;
            } else if (previous != previous) {  // first value of this key
                next = value;
            } else {
                next = alpha * value + keep * previous;
            }
            s[key] = next;
            nulls |= set(output, row, next);
        }
        return nulls;
    }
}
