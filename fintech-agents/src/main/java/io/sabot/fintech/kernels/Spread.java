package io.sabot.fintech.kernels;

import java.util.List;

/**
 * Quoted spread {@code ask − bid}. Stateless. Null where bid or ask is null or NaN; a crossed quote
 * (bid > ask) gives a negative spread, as quoted.
 */
public final class Spread extends Kernel {

    public static final String OUTPUT = "spread";

    public Spread() {
        super("spread", List.of("bid", "ask"), List.of(OUTPUT), false);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        long bid = in[0];
        long ask = in[1];
        long spread = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            nulls |= set(spread, row, get(ask, row) - get(bid, row));
        }
        return nulls;
    }
}
