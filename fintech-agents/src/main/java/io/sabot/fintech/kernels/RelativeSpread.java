package io.sabot.fintech.kernels;

import java.util.List;

/**
 * Relative spread in basis points: {@code (ask − bid) / mid · 10^4} with {@code mid = (bid + ask) / 2}.
 * Stateless. Null where bid or ask is null or NaN, or where the mid is not positive (no meaningful
 * ratio); a crossed quote gives a negative value.
 */
public final class RelativeSpread extends Kernel {

    public static final String OUTPUT = "relative_spread_bps";

    public RelativeSpread() {
        super("relative spread", List.of("bid", "ask"), List.of(OUTPUT), false);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        long bid = in[0];
        long ask = in[1];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            double b = get(bid, row);
            double a = get(ask, row);
            double mid = (a + b) * 0.5;
            nulls |= set(result, row, mid > 0 ? (a - b) / mid * 1e4 : Double.NaN);
        }
        return nulls;
    }
}
