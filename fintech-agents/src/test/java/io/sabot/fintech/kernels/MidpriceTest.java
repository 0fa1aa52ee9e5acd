package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.SourceContext;
import io.sabot.fintech.schema.MarketData;
import io.sabot.fintech.source.SyntheticQuotes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class MidpriceTest {

    @Test
    void midIsTheAverageOfBidAndAskAndNullWhereEitherIsNull() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
             var reader = SyntheticQuotes.of(50, 3000).withBatchSize(3000)
                     .createReader(new SourceContext(0, 1, 0, allocator))) {
            KernelRunner harness = new KernelRunner(new Midprice(), MarketData.QUOTES, null, allocator);
            VectorSchemaRoot quotes = reader.next();
            ((Float8Vector) quotes.getVector("bid")).setNull(5);
            ((Float8Vector) quotes.getVector("ask")).setNull(9);
            double[] bids = new double[3000];
            double[] asks = new double[3000];
            Float8Vector bid = (Float8Vector) quotes.getVector("bid");
            Float8Vector ask = (Float8Vector) quotes.getVector("ask");
            for (int r = 0; r < 3000; r++) {
                bids[r] = bid.isNull(r) ? Double.NaN : bid.get(r);
                asks[r] = ask.isNull(r) ? Double.NaN : ask.get(r);
            }
            try (VectorSchemaRoot out = harness.process(quotes)) {
                Float8Vector mid = (Float8Vector) out.getVector("mid");
                assertEquals(3000, out.getRowCount());
                assertEquals(MarketData.QUOTES.getFields().size() + 1, out.getFieldVectors().size());
                for (int r = 0; r < 3000; r++) {
                    if (r == 5 || r == 9) {
                        assertTrue(mid.isNull(r), "row " + r);
                    } else {
                        assertEquals((bids[r] + asks[r]) / 2, mid.get(r), 0.0, "row " + r);
                    }
                }
            }
        }
    }
}
