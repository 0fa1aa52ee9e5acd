package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import java.util.List;

/**
 * Running mean and sample variance of a float64 column per symbol since the first value, with
 * Welford's update (numerically stable, one pass):
 *
 * <pre>  n += 1;  δ = x − mean;  mean += δ / n;  M2 += δ·(x − mean);  var = M2 / (n − 1)</pre>
 *
 * appended as {@code <column>_mean} and {@code <column>_var} (null below 2 values). A null or NaN
 * input leaves the state unchanged; the row gets the current estimates. State: n, mean and M2, side
 * by side in one wide column (n as a double: exact up to 2^53 values).
 */
public final class Welford extends Kernel {

    // A symbol's three doubles in the state column.
    private static final int N = 0;
    private static final int MEAN = 1;
    private static final int M2 = 2;
    private static final int WIDTH = 3;

    private final String prefix;
    private DoubleColumnState state;

    public Welford(String column) {
        super("Welford mean/variance", List.of(column), List.of(column + "_mean", column + "_var"), true);
        this.prefix = column + "_welford";
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        state = columns.doubleColumns(prefix, WIDTH, 0);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[] s = state.values();
        long x = in[0];
        long meanOut = out[0];
        long varianceOut = out[1];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            int base = WIDTH * keys[row];
            double value = get(x, row);
            double n = s[base + N];
            double mean = s[base + MEAN];
            double squares = s[base + M2];
            if (value == value) {
                n++;
                double delta = value - mean;
                mean += delta / n;
                squares += delta * (value - mean);
                s[base + N] = n;
                s[base + MEAN] = mean;
                s[base + M2] = squares;
            }
            nulls |= set(meanOut, row, n > 0 ? mean : Double.NaN);
            nulls |= set(varianceOut, row, n > 1 ? squares / (n - 1) : Double.NaN) << 1;
        }
        return nulls;
    }
}
