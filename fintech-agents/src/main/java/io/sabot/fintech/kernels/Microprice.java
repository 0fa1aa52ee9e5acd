package io.sabot.fintech.kernels;

import java.util.List;

/**
 * {@code microprice = (bid·ask_size + ask·bid_size) / (bid_size + ask_size)}: the mid weighted
 * towards the side with less size; the mid-price when both sizes are 0. Stateless. Null where any
 * input is null or NaN, and where a negative size makes the sizes add up to 0; otherwise negative
 * sizes are computed as given (reject them upstream with a bad-row policy).
 */
public final class Microprice extends Kernel {

    public static final String OUTPUT = "microprice";

    public Microprice() {
        super("microprice", List.of("bid", "ask", "bid_size", "ask_size"), List.of(OUTPUT), false);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        long bid = in[0];
        long ask = in[1];
        long bidSize = in[2];
        long askSize = in[3];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            double b = get(bid, row);
            double a = get(ask, row);
            double qb = get(bidSize, row);
            double qa = get(askSize, row);
            double total = qb + qa;
            // Sizes of 0 and 0: the mid. A zero total otherwise means a negative size: no price.
            nulls |= set(result, row, total != 0 ? (b * qa + a * qb) / total : qb == 0 ? (b + a) * 0.5 : Double.NaN);
        }
        return nulls;
    }
}
