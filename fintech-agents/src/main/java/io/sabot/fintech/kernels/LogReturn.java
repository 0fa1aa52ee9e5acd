package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import java.util.List;

/**
 * Log return per symbol {@code r_t = ln(p_t / p_{t−1})}, appended as {@code <column>_log_return}.
 * Null for a symbol's first price. A price that is null, NaN, infinite, zero or negative has no
 * logarithm: the row gets a null and the state (the previous valid price) is unchanged, so the next
 * valid price's return spans the gap. State: the previous price per symbol (NaN: none yet).
 */
public final class LogReturn extends Kernel {

    private final String output;
    private DoubleColumnState previous;

    public LogReturn(String column) {
        this(column, column + "_log_return");
    }

    public LogReturn(String column, String output) {
        super("log return", List.of(column), List.of(output), true);
        this.output = output;
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        previous = columns.doubleColumn(output + ".previous", Double.NaN);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[] last = previous.values();
        long price = in[0];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            double p = get(price, row);
            if (!(p > 0 && p < Double.POSITIVE_INFINITY)) {
                nulls |= set(result, row, Double.NaN);
                continue;
            }
            int k = keys[row];
            nulls |= set(result, row, Math.log(p / last[k])); // NaN (null) when there is no previous price
            last[k] = p;
        }
        return nulls;
    }
}
