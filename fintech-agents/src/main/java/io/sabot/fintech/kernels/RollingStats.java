package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import java.util.List;

/**
 * Rolling mean, sample standard deviation and z-score of a float64 column over each symbol's last
 * {@code window} values, appended as {@code <column>_rolling_mean}, {@code <column>_rolling_std} and
 * {@code <column>_zscore}:
 *
 * <pre>  mean = Σx / n,   std = sqrt(Σ(x − mean)² / (n − 1)),   z = (x_t − mean) / std</pre>
 *
 * where n = min(window, values seen) (partial windows at the start) and the window includes the
 * current value. std is null below 2 values; the z-score is null where std is null or 0. A window
 * whose values are all equal has std exactly 0, and so does one whose std is below 10^−9 of its
 * mean's magnitude: values a few ulps apart (two mids computed from different bid/ask pairs), where
 * any O(1) update only sees its own rounding.
 *
 * <p>O(1) per value: the mean and M2 = Σ(x − mean)² are updated as the newest value replaces the
 * oldest (Welford's update for a sliding window), and recomputed exactly from the window every
 * {@code window} values so rounding never accumulates. State per symbol: the mean, M2, the latest
 * value and the window side by side in a {@link RingState} (whose cursor also counts the trailing
 * values that are equal).
 *
 * <p>A null or NaN input leaves the state unchanged: the row gets the current mean and std and a
 * null z-score.
 */
public final class RollingStats extends Kernel {

    /** A std below this fraction of the mean's magnitude is reported as 0. */
    static final double NOISE = 1e-9;

    // A symbol's doubles in the ring state: the mean, M2, the latest value, then the window's slots.
    private static final int MEAN = 0;
    private static final int M2 = 1;
    private static final int LAST = 2;  // is the new value equal to it?
    private static final int SLOTS = 3;

    private final String prefix;
    private final int window;
    private final double[] reciprocals; // 1 / n for n = 0 … window: multiplications instead of divisions
    private RingState ring;

    public RollingStats(String column, int window) {
        super("rolling statistics", List.of(column),
                List.of(column + "_rolling_mean", column + "_rolling_std", column + "_zscore"), true);
        this.window = RingState.checkSize("a rolling", window);
        this.prefix = column + "_rolling" + window;
        this.reciprocals = new double[window + 1];
        for (int n = 1; n <= window; n++) {
            reciprocals[n] = 1.0 / n;
        }
    }

    public int window() {
        return window;
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        ring = new RingState(columns, prefix, SLOTS, window);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[] state = ring.values();
        long[] cursors = ring.cursors(); // next slot, values in the window, trailing run of equal values
        double[] inverse = reciprocals;
        int size = window;
        int width = ring.width();
        long x = in[0];
        long meanOut = out[0];
        long stdOut = out[1];
        long zOut = out[2];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            int k = keys[row];
            int base = k * width;
            int slots = base + SLOTS;
            double value = get(x, row);
            long cursor = cursors[k];
            int n = RingState.filled(cursor);
            int run = RingState.counter(cursor);
            double m = state[base + MEAN];
            double squares = state[base + M2];
            if (value == value) {
                int slot = RingState.next(cursor);
                int same = value == state[base + LAST] ? 1 : 0; // mids often repeat: no branch on it
                run = same * Math.min(run + 1, size) + (1 - same); // a first value: run 0 + 1 either way
                state[base + LAST] = value;
                if (n < size) {
                    n++;
                    double delta = value - m;
                    m += delta * inverse[n];
                    squares += delta * (value - m);
                } else {
                    double oldest = state[slots + slot];
                    double newMean = m + (value - oldest) * inverse[size];
                    squares += (value - oldest) * (value - newMean + oldest - m);
                    m = newMean;
                }
                state[slots + slot] = value;
                slot = slot + 1 == size ? 0 : slot + 1;
                if (slot == 0) { // exactly, every window's worth of values: rounding never accumulates
                    m = RingState.sum(state, slots, size) * inverse[size];
                    squares = RingState.squaredDeviations(state, slots, size, m);
                }
                state[base + MEAN] = m;
                state[base + M2] = squares;
                cursors[k] = RingState.cursor(slot, n, run);
            }
            double std = n < 2 ? Double.NaN : run >= n ? 0 : Math.sqrt(Math.max(squares, 0) * inverse[n - 1]);
            if (std < NOISE * Math.abs(m)) {
                std = 0; // values a few ulps apart: rounding noise of the update, not dispersion
            }
            nulls |= set(meanOut, row, n > 0 ? m : Double.NaN);
            nulls |= set(stdOut, row, std) << 1;
            nulls |= set(zOut, row, std > 0 && value == value ? (value - m) / std : Double.NaN) << 2;
        }
        return nulls;
    }
}
