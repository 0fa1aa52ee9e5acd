package io.sabot.fintech.kernels;

import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.backend.ColumnarStateStore.LongColumnState;
import java.util.List;

/**
 * Running mean and sample variance of a float64 column per symbol since the first value, with
 * Welford's update (numerically stable, one pass):
 *
 * <pre>  n += 1;  δ = x − mean;  mean += δ / n;  M2 += δ·(x − mean);  var = M2 / (n − 1)</pre>
 *
 * appended as {@code <column>_mean} and {@code <column>_var} (null below 2 values). A null or NaN
 * input leaves the state unchanged; the row gets the current estimates. State: n, mean and M2.
 */
public final class Welford extends Kernel {

    private final String prefix;
    private LongColumnState count;
    private DoubleColumnState mean;
    private DoubleColumnState m2;

    public Welford(String column) {
        super("Welford mean/variance", List.of(column), List.of(column + "_mean", column + "_var"), true);
        this.prefix = column + "_welford";
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        count = columns.longColumn(prefix + ".n", 0);
        mean = columns.doubleColumn(prefix + ".mean", 0);
        m2 = columns.doubleColumn(prefix + ".m2", 0);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        long[] n = count.values();
        double[] mu = mean.values();
        double[] squares = m2.values();
        long x = in[0];
        long meanOut = out[0];
        long varianceOut = out[1];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            int k = keys[row];
            double value = get(x, row);
            if (value == value) {
                long next = n[k] + 1;
                double delta = value - mu[k];
                mu[k] += delta / next;
                squares[k] += delta * (value - mu[k]);
                n[k] = next;
            }
            long seen = n[k];
            nulls |= set(meanOut, row, seen > 0 ? mu[k] : Double.NaN);
            nulls |= set(varianceOut, row, seen > 1 ? squares[k] / (seen - 1) : Double.NaN) << 1;
        }
        return nulls;
    }
}
