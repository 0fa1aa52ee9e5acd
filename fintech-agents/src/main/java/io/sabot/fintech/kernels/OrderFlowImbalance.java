package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import java.util.List;

/**
 * Order-flow imbalance per symbol (Cont, Kukanov and Stoikov, 2014), appended as {@code ofi}:
 *
 * <pre>
 *   e_n = 1{Pb_n >= Pb_n-1}·qb_n − 1{Pb_n <= Pb_n-1}·qb_n-1 − 1{Pa_n <= Pa_n-1}·qa_n + 1{Pa_n >= Pa_n-1}·qa_n-1
 * </pre>
 *
 * A bid that moves up counts its whole new size as buying pressure, one that moves down its whole
 * old size as selling; an unchanged bid counts the size change (and the ask side mirrors it).
 * 0 for a symbol's first quote. State: the previous quote (bid, ask and their sizes) per symbol, side
 * by side in one wide column. A row with a null, NaN or infinite price or size gets a null and leaves
 * the state unchanged.
 * Needs a keyed stream.
 */
public final class OrderFlowImbalance extends Kernel {
    public static final String OUTPUT = "ofi";

    private DoubleColumnState previous; // per key: bid, ask, bid size, ask size

    public OrderFlowImbalance() {
        super("OFI", List.of("bid", "ask", "bid_size", "ask_size"), List.of(OUTPUT), true);
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        previous = columns.doubleColumns("ofi.previous", 4, Double.NaN);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[] p = previous.values();
        long bid = in[0];
        long ask = in[1];
        long bidSize = in[2];
        long askSize = in[3];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            double b = get(bid, row);
            double a = get(ask, row);
            double bs = get(bidSize, row);
            double as = get(askSize, row);
            if (Double.isNaN((b - b) + (a - a) + (bs - bs) + (as - as))) { // x − x is NaN for NaN and ±∞ alike
                nulls |= set(result, row, Double.NaN);
                continue;
            }
            int base = 4 * keys[row];
            double pb = p[base];
            double pa = p[base + 1];
            double qb = p[base + 2];
            double qa = p[base + 3];
            // Prices move up and down at random: multiplications by 0 or 1 instead of four unpredictable branches.
            double e = bs * atLeast(b, pb) - qb * atLeast(pb, b) - as * atLeast(pa, a) + qa * atLeast(a, pa);
            nulls |= set(result, row, pb == pb ? e : 0); // 0 for the symbol's first quote (infinite sizes may give NaN: null)
            p[base] = b;
            p[base + 1] = a;
            p[base + 2] = bs;
            p[base + 3] = as;
        }
        return nulls;
    }

    /**
     * 1 if {@code x >= y}, else 0, for finite x and y, from the sign of x − y: no branch (a comparison
     * here compiles to one, and prices move up and down at random). Adding +0 turns the −0 of
     * −0 − +0 into +0: equal prices are equal whatever their zeros.
     */
    private static double atLeast(double x, double y) {
        return 1 - (Double.doubleToRawLongBits((x - y) + 0.0) >>> 63);
    }
}
