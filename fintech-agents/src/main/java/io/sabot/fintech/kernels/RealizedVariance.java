package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import java.util.List;

/**
 * Realized variance over each symbol's last {@code window} returns, {@code Σ r_i²} (not annualized,
 * partial windows at the start), over a float64 column of returns (e.g. {@code mid_log_return}).
 * O(1) per value: the newest square replaces the oldest in a running sum, recomputed exactly from
 * the window every {@code window} values. A null or NaN return (a symbol's first row has none)
 * leaves the state unchanged; the row gets the current value (null before the first return).
 * State per symbol: the sum and the window of squared returns side by side ({@link RingState}).
 */
public final class RealizedVariance extends Kernel {

    // A symbol's doubles in the ring state: the sum of the window's squares, then its slots.
    private static final int SUM = 0;
    private static final int SLOTS = 1;

    private final String prefix;
    private final int window;
    private RingState ring;

    public RealizedVariance(String returns, String output, int window) {
        super("realized variance", List.of(returns), List.of(output), true);
        this.window = RingState.checkSize("a realized-variance", window);
        this.prefix = output + window;
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        ring = new RingState(columns, prefix, SLOTS, window);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[] state = ring.values();
        long[] cursors = ring.cursors();
        int size = window;
        int width = ring.width();
        long returns = in[0];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            int k = keys[row];
            int base = k * width;
            int slots = base + SLOTS;
            double r = get(returns, row);
            long cursor = cursors[k];
            int filled = RingState.filled(cursor);
            double total = state[base + SUM];
            if (r == r) {
                double square = r * r;
                int slot = RingState.next(cursor);
                if (filled < size) {
                    filled++;
                    total += square;
                } else {
                    total += square - state[slots + slot];
                }
                state[slots + slot] = square;
                slot = slot + 1 == size ? 0 : slot + 1;
                if (slot == 0) { // exactly, every window's worth of values: rounding never accumulates
                    total = RingState.sum(state, slots, size);
                }
                state[base + SUM] = total;
                cursors[k] = RingState.cursor(slot, filled, 0);
            }
            nulls |= set(result, row, filled > 0 ? Math.max(total, 0) : Double.NaN);
        }
        return nulls;
    }
}
