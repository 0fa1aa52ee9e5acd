package io.sabot.fintech.kernels;

import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.ColumnarStateStore.DoubleColumnState;
import java.util.List;

/**
 * Realized variance over each symbol's last {@code window} returns, {@code Σ r_i²} (not annualized,
 * partial windows at the start), over a float64 column of returns (e.g. {@code mid_log_return}).
 * O(1) per value: the newest square replaces the oldest in a running sum, recomputed exactly from
 * the window every {@code window} values. A null or NaN return (a symbol's first row has none)
 * leaves the state unchanged; the row gets the current value (null before the first return).
 * State per symbol: the window of squared returns ({@link RingState}) and their sum.
 */
public final class RealizedVariance extends Kernel {

    private final String prefix;
    private final int window;
    private RingState ring;
    private DoubleColumnState sum;

    public RealizedVariance(String returns, String output, int window) {
        super("realized variance", List.of(returns), List.of(output), true);
        this.window = RingState.checkSize("a realized-variance", window);
        this.prefix = output + window;
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        ring = new RingState(columns, prefix, window);
        sum = columns.doubleColumn(prefix + ".sum", 0);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[][] slots = ring.slots();
        long[] cursors = ring.cursors();
        double[] total = sum.values();
        int size = window;
        long returns = in[0];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            int k = keys[row];
            double r = get(returns, row);
            long cursor = cursors[k];
            int filled = RingState.filled(cursor);
            if (r == r) {
                double square = r * r;
                int slot = RingState.next(cursor);
                if (filled < size) {
                    filled++;
                    total[k] += square;
                } else {
                    total[k] += square - slots[slot][k];
                }
                slots[slot][k] = square;
                slot = slot + 1 == size ? 0 : slot + 1;
                if (slot == 0) {
                    double exact = 0;
                    for (double[] s : slots) {
                        exact += s[k];
                    }
                    total[k] = exact;
                }
                cursors[k] = RingState.cursor(slot, filled, 0);
            }
            nulls |= set(result, row, filled > 0 ? Math.max(total[k], 0) : Double.NaN);
        }
        return nulls;
    }
}
