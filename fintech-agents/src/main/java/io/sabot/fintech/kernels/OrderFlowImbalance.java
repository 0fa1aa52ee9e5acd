package io.sabot.fintech.kernels;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.state.backend.ColumnarStateStore.DoubleColumnState;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Order-flow imbalance per symbol (Cont, Kukanov and Stoikov, 2014), appended as {@code ofi}:
 *
 * <pre>
 *   e_n = 1{Pb_n >= Pb_n-1}·qb_n − 1{Pb_n <= Pb_n-1}·qb_n-1 − 1{Pa_n <= Pa_n-1}·qa_n + 1{Pa_n >= Pa_n-1}·qa_n-1
 * </pre>
 *
 * 0 for a symbol's first quote. State is the previous quote (bid, ask and their sizes) per symbol in
 * four columnar state columns. A row with a NaN or null price or size gets a null and leaves the
 * state unchanged. Needs a keyed stream.
 */
public final class OrderFlowImbalance implements BatchFunction {

    public static final String OUTPUT = "ofi";

    private BufferAllocator allocator;
    private DoubleColumnState previousBid;
    private DoubleColumnState previousAsk;
    private DoubleColumnState previousBidSize;
    private DoubleColumnState previousAskSize;

    @Override
    public Schema outputSchema(Schema input) {
        for (String column : List.of("bid", "ask", "bid_size", "ask_size")) {
            Columns.requireFloat64(input, column);
        }
        Columns.requireAbsent(input, OUTPUT);
        return SchemaBuilder.from(input).float64(OUTPUT).build();
    }

    @Override
    public void open(AgentContext context) {
        allocator = context.allocator();
        previousBid = context.columns().doubleColumn("ofi.bid", Double.NaN);
        previousAsk = context.columns().doubleColumn("ofi.ask", Double.NaN);
        previousBidSize = context.columns().doubleColumn("ofi.bid_size", Double.NaN);
        previousAskSize = context.columns().doubleColumn("ofi.ask_size", Double.NaN);
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) {
        if (!input.isKeyed()) {
            throw new IllegalStateException("OFI keeps state per symbol: key the stream first (keyBy)");
        }
        VectorSchemaRoot batch = input.root();
        int rows = batch.getRowCount();
        Float8Vector bid = (Float8Vector) batch.getVector("bid");
        Float8Vector ask = (Float8Vector) batch.getVector("ask");
        Float8Vector bidSize = (Float8Vector) batch.getVector("bid_size");
        Float8Vector askSize = (Float8Vector) batch.getVector("ask_size");
        Float8Vector out = new Float8Vector(OUTPUT, allocator);
        out.allocateNew(rows);
        double[] pb = previousBid.values();
        double[] pa = previousAsk.values();
        double[] qb = previousBidSize.values();
        double[] qa = previousAskSize.values();
        int[] keys = input.keyIds();
        for (int row = 0; row < rows; row++) {
            double b = value(bid, row);
            double a = value(ask, row);
            double bs = value(bidSize, row);
            double as = value(askSize, row);
            if (Double.isNaN(b + a + bs + as)) {
                BitVectorHelper.unsetBit(out.getValidityBuffer(), row);
                continue;
            }
            int k = keys[row];
            double e = 0;
            if (!Double.isNaN(pb[k])) {
                e = (b >= pb[k] ? bs : 0) - (b <= pb[k] ? qb[k] : 0) - (a <= pa[k] ? as : 0) + (a >= pa[k] ? qa[k] : 0);
            }
            out.set(row, e);
            pb[k] = b;
            pa[k] = a;
            qb[k] = bs;
            qa[k] = as;
        }
        out.setValueCount(rows);
        return Batches.appendColumns(batch, List.of(out));
    }

    private static double value(Float8Vector vector, int row) {
        return vector.isNull(row) ? Double.NaN : vector.get(row);
    }
}
