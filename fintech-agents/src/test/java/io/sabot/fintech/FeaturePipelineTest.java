package io.sabot.fintech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.kernels.Ewma;
import io.sabot.fintech.kernels.Midprice;
import io.sabot.fintech.source.SyntheticQuotes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: generated quotes through a two-stage keyed pipeline (midprice,
 * then EWMA of the mid) with parallelism 2 on a single-node cluster, checked row by row against
 * EWMA values computed in this test from the raw quotes.
 */
class FeaturePipelineTest {

    public record Feature(String symbol, long ts, double bid, double ask, double mid, double mid_ewma) {}

    private record Quote(long ts, double bid, double ask) {}

    @Test
    void perSymbolEwmaOfTheMidMatchesAnIndependentComputation() throws Exception {
        SyntheticQuotes quotes = SyntheticQuotes.of(300, 200_000).withBatchSize(4096);
        double alpha = 0.06;
        CollectSink<Feature> sink = CollectSink.of(Feature.class);
        JobBuilder job = JobBuilder.named("mid-ewma");
        job.source("quotes", quotes)
                .keyBy("symbol").process("mid", Midprice::new, 2)
                .keyBy("symbol").process("ewma", () -> new Ewma("mid", alpha), 2)
                .sinkTo("features", sink);

        JobResult result;
        try (SabotNode node = SabotNode.start()) {
            result = node.execute(job.build());
        }
        assertTrue(result.succeeded(), result.error());
        assertEquals(200_000, result.stats("ewma").rowsOut());

        // Expected: read the raw quotes, then per symbol mid = (bid + ask) / 2 and the EWMA in order.
        Map<String, List<Quote>> raw = new HashMap<>();
        try (BufferAllocator allocator = new RootAllocator();
             SourceReader reader = quotes.createReader(new SourceContext(0, 1, 0, allocator))) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot b = batch) {
                    for (int r = 0; r < b.getRowCount(); r++) {
                        raw.computeIfAbsent(b.getVector("symbol").getObject(r).toString(), s -> new ArrayList<>())
                                .add(new Quote(((BigIntVector) b.getVector("ts")).get(r),
                                        ((Float8Vector) b.getVector("bid")).get(r),
                                        ((Float8Vector) b.getVector("ask")).get(r)));
                    }
                }
            }
        }
        Map<String, List<Feature>> actual = new HashMap<>();
        sink.records().forEach(f -> actual.computeIfAbsent(f.symbol(), s -> new ArrayList<>()).add(f));
        assertEquals(raw.keySet(), actual.keySet());
        for (var entry : raw.entrySet()) {
            List<Feature> got = actual.get(entry.getKey());
            assertEquals(entry.getValue().size(), got.size(), entry.getKey());
            double ewma = Double.NaN;
            for (int i = 0; i < got.size(); i++) {
                Quote q = entry.getValue().get(i);
                double mid = (q.bid() + q.ask()) / 2;
                ewma = i == 0 ? mid : alpha * mid + (1 - alpha) * ewma;
                Feature f = got.get(i);
                String where = entry.getKey() + " quote " + i;
                assertEquals(q.ts(), f.ts(), where + ": rows keep their order per symbol");
                assertEquals(mid, f.mid(), 1e-12, where);
                assertEquals(ewma, f.mid_ewma(), 1e-9 * Math.abs(ewma), where);
            }
        }
    }
}
