package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import java.util.List;

/**
 * Cumulative volume-weighted average price per symbol, {@code Σ price·size / Σ size} since the
 * symbol's first trade, appended as {@code vwap}. A trade whose price or size is null, NaN,
 * infinite or negative (or whose price is 0) leaves the sums unchanged; the row gets the current
 * VWAP (null while the symbol has no volume). State: Σ price·size and Σ size per symbol.
 */
public final class Vwap extends Kernel {

    public static final String OUTPUT = "vwap";

    private DoubleColumnState notional;
    private DoubleColumnState volume;

    public Vwap(String price, String size) {
        super("VWAP", List.of(price, size), List.of(OUTPUT), true);
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        notional = columns.doubleColumn("vwap.notional", 0);
        volume = columns.doubleColumn("vwap.volume", 0);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[] pq = notional.values();
        double[] q = volume.values();
        long price = in[0];
        long size = in[1];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            int k = keys[row];
            double p = get(price, row);
            double s = get(size, row);
            if (p > 0 && p < Double.POSITIVE_INFINITY && s >= 0 && s < Double.POSITIVE_INFINITY) {
                pq[k] += p * s;
                q[k] += s;
            }
            nulls |= set(result, row, q[k] > 0 ? pq[k] / q[k] : Double.NaN);
        }
        return nulls;
    }
}
