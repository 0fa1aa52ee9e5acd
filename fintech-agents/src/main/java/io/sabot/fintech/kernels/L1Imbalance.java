package io.sabot.fintech.kernels;

import java.util.List;

/**
 * Top-of-book size imbalance {@code (bid_size − ask_size) / (bid_size + ask_size)}, in [−1, 1] for
 * non-negative sizes. Stateless. Null when the sizes add up to 0 (both 0, or a negative size) and where a size is null
 * or NaN; negative sizes are computed as given (reject them upstream with a bad-row policy).
 */
public final class L1Imbalance extends Kernel {

    public static final String OUTPUT = "imbalance";

    public L1Imbalance() {
        super("L1 imbalance", List.of("bid_size", "ask_size"), List.of(OUTPUT), false);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        long bidSize = in[0];
        long askSize = in[1];
        long result = out[0];
        long nulls = 0;
        for (int row = from; row < to; row++) {
            double qb = get(bidSize, row);
            double qa = get(askSize, row);
            double total = qb + qa;
            nulls |= set(result, row, total == 0 ? Double.NaN : (qb - qa) / total);
        }
        return nulls;
    }
}
