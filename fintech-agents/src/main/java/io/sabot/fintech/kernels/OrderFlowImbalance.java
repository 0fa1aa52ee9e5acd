package io.sabot.fintech.kernels;

import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.ColumnarStateStore.DoubleColumnState;
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
 * 0 for a symbol's first quote. State: the previous quote (bid, ask and their sizes) per symbol in
 * four columns. A row with a NaN or null price or size gets a null and leaves the state unchanged.
 * Needs a keyed stream.
 */
public final class OrderFlowImbalance extends Kernel {

    public static final String OUTPUT = "ofi";

    private DoubleColumnState previousBid;
    private DoubleColumnState previousAsk;
    private DoubleColumnState previousBidSize;
    private DoubleColumnState previousAskSize;

    public OrderFlowImbalance() {
        super("OFI", List.of("bid", "ask", "bid_size", "ask_size"), List.of(OUTPUT), true);
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        previousBid = columns.doubleColumn("ofi.bid", Double.NaN);
        previousAsk = columns.doubleColumn("ofi.ask", Double.NaN);
        previousBidSize = columns.doubleColumn("ofi.bid_size", Double.NaN);
        previousAskSize = columns.doubleColumn("ofi.ask_size", Double.NaN);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        double[] pb = previousBid.values();
        double[] pa = previousAsk.values();
        double[] qb = previousBidSize.values();
        double[] qa = previousAskSize.values();
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
            if (Double.isNaN(b + a + bs + as)) {
                nulls |= set(result, row, Double.NaN);
                continue;
            }
            int k = keys[row];
            double e = 0;
            if (pb[k] == pb[k]) {
                e = (b >= pb[k] ? bs : 0) - (b <= pb[k] ? qb[k] : 0) - (a <= pa[k] ? as : 0) + (a >= pa[k] ? qa[k] : 0);
            }
            nulls |= set(result, row, e);
            pb[k] = b;
            pa[k] = a;
            qb[k] = bs;
            qa[k] = as;
        }
        return nulls;
    }
}
