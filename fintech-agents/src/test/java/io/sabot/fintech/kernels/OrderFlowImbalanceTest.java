package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sabot.actors.api.SourceContext;
import io.sabot.fintech.schema.MarketData;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.state.backend.StateBackendKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderFlowImbalanceTest {

    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path directory;

    @AfterEach
    void close() {
        allocator.close();
    }

    private record Quote(String symbol, double bid, double ask, double bidSize, double askSize) {}

    private VectorSchemaRoot batch(List<Quote> quotes) {
        VectorSchemaRoot root = VectorSchemaRoot.create(MarketData.QUOTES, allocator);
        root.allocateNew();
        for (int i = 0; i < quotes.size(); i++) {
            Quote q = quotes.get(i);
            ((VarCharVector) root.getVector("symbol")).setSafe(i, q.symbol().getBytes(StandardCharsets.UTF_8));
            root.getVector("ts").setNull(i);
            ((Float8Vector) root.getVector("bid")).setSafe(i, q.bid());
            ((Float8Vector) root.getVector("ask")).setSafe(i, q.ask());
            ((Float8Vector) root.getVector("bid_size")).setSafe(i, q.bidSize());
            ((Float8Vector) root.getVector("ask_size")).setSafe(i, q.askSize());
        }
        root.setRowCount(quotes.size());
        return root;
    }

    private List<Double> run(List<Quote> quotes, int batchRows, StateBackendKind kind) throws Exception {
        List<Double> out = new ArrayList<>();
        try (KernelRunner harness = new KernelRunner(new OrderFlowImbalance(), MarketData.QUOTES, "symbol", allocator,
                kind, directory)) {
            for (int from = 0; from < quotes.size(); from += batchRows) {
                try (VectorSchemaRoot result = harness.process(batch(quotes.subList(from, Math.min(quotes.size(), from + batchRows))))) {
                    Float8Vector ofi = (Float8Vector) result.getVector("ofi");
                    for (int r = 0; r < result.getRowCount(); r++) {
                        out.add(ofi.isNull(r) ? null : ofi.get(r));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void handWorkedExample() throws Exception {
        List<Quote> quotes = List.of(
                new Quote("A", 10.00, 10.02, 100, 200),  // first quote: 0
                new Quote("A", 10.01, 10.02, 50, 300),   // bid up: +50; ask same: -300 + 200 = -100 -> -50
                new Quote("A", 10.01, 10.01, 80, 40),    // bid same: +80 - 50 = 30; ask down: -40 -> -10
                new Quote("A", 10.00, 10.03, 10, 70),    // bid down: -80; ask up: +40 -> -40
                new Quote("A", Double.NaN, 10.03, 10, 70)); // bad price: null, state unchanged
        assertEquals(Arrays.asList(0.0, -50.0, -10.0, -40.0, null), run(quotes, 2, StateBackendKind.HEAP));
    }

    @Test
    void signedZerosAreEqualPricesAndInfiniteOnesAreNotPrices() throws Exception {
        List<Quote> quotes = List.of(
                new Quote("A", 0.0, 1.0, 5, 5),
                new Quote("A", -0.0, 1.0, 7, 5), // bid unchanged (−0 = +0): +7 − 5; ask unchanged: −5 + 5 -> 2
                new Quote("A", Double.POSITIVE_INFINITY, 1.0, 7, 5), // not a price: null, state unchanged
                new Quote("A", 0.0, 1.0, 9, 5)); // bid unchanged since the −0 quote: +9 − 7; ask: −5 + 5 -> 2
        assertEquals(Arrays.asList(0.0, 2.0, null, 2.0), run(quotes, 4, StateBackendKind.HEAP));
    }

    @Test
    void matchesAnIndependentScalarImplementationOnEveryBackendAndBatchSize() throws Exception {
        List<Quote> quotes = new ArrayList<>();
        try (var reader = SyntheticQuotes.of(40, 5000).withBatchSize(5000).createReader(new SourceContext(0, 1, 0, allocator));
             VectorSchemaRoot root = reader.next()) {
            for (int r = 0; r < root.getRowCount(); r++) {
                quotes.add(new Quote(root.getVector("symbol").getObject(r).toString(),
                        ((Float8Vector) root.getVector("bid")).get(r), ((Float8Vector) root.getVector("ask")).get(r),
                        ((Float8Vector) root.getVector("bid_size")).get(r), ((Float8Vector) root.getVector("ask_size")).get(r)));
            }
        }
        List<Double> expected = new ArrayList<>();
        Map<String, Quote> previous = new HashMap<>();
        for (Quote q : quotes) {
            Quote p = previous.put(q.symbol(), q);
            double e = 0;
            if (p != null) {
                if (q.bid() >= p.bid()) e += q.bidSize();
                if (q.bid() <= p.bid()) e -= p.bidSize();
                if (q.ask() <= p.ask()) e -= q.askSize();
                if (q.ask() >= p.ask()) e += p.askSize();
            }
            expected.add(e);
        }
        KernelCheck.assertMatches(OrderFlowImbalance::new, TestQuotes.of(quotes.stream()
                        .map(q -> new Object[] {q.symbol(), q.bid(), q.ask(), q.bidSize(), q.askSize()}).toArray(Object[][]::new)),
                Map.of("ofi", expected), 0, directory);
    }
}
