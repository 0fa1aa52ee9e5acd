package io.sabot.fintech.kernels;

import java.util.List;

/**
 * {@code mid = (bid + ask) / 2}. Stateless: runs keyed or not. Null where bid or ask is null or
 * NaN; a crossed quote (bid > ask) is computed as given.
 */
public final class Midprice extends Kernel {

    public static final String OUTPUT = "mid";

    public Midprice() {
        super("mid-price", List.of("bid", "ask"), List.of(OUTPUT), false);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        long bid = in[0];
        long ask = in[1];
        long mid = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            nulls |= set(mid, row, (get(bid, row) + get(ask, row)) * 0.5);
        }
        return nulls;
    }
}
