package io.sabot.fintech.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class SyntheticQuotesTest {

    private static List<String> rows(SyntheticQuotes source, long offset, BufferAllocator allocator) throws Exception {
        List<String> rows = new ArrayList<>();
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, offset, allocator))) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot b = batch) {
                    for (int r = 0; r < b.getRowCount(); r++) {
                        StringBuilder row = new StringBuilder();
                        for (var v : b.getFieldVectors()) {
                            row.append(v.getObject(r)).append(',');
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void deterministicReplayableAndRealistic() throws Exception {
        SyntheticQuotes source = SyntheticQuotes.of(200, 20_000).withBatchSize(1024);
        try (BufferAllocator allocator = new RootAllocator()) {
            List<String> all = rows(source, 0, allocator);
            assertEquals(20_000, all.size());
            assertEquals(all, rows(source, 0, allocator), "same seed, same quotes");
            assertEquals(all.subList(12_345, 20_000), rows(source, 12_345, allocator), "replay from an offset");

            Map<String, Integer> activity = new HashMap<>();
            long previousTs = Long.MIN_VALUE;
            for (String row : all) {
                String[] f = row.split(",");
                double bid = Double.parseDouble(f[2]);
                double ask = Double.parseDouble(f[3]);
                long ts = Long.parseLong(f[1]);
                assertTrue(bid > 0 && ask > bid && ask - bid < 0.035, row);
                assertTrue(Double.parseDouble(f[4]) >= 100 && Double.parseDouble(f[5]) >= 100, row);
                assertTrue(ts >= previousTs, "timestamps never go back");
                previousTs = ts;
                activity.merge(f[0], 1, Integer::sum);
            }
            int[] counts = activity.values().stream().mapToInt(Integer::intValue).sorted().toArray();
            int busiest = counts[counts.length - 1];
            int median = counts[counts.length / 2];
            assertTrue(busiest > 10 * median, "Zipf-like activity: busiest " + busiest + " vs median " + median);
        }
    }

    @Test
    void tickersAreDistinct() {
        for (int n : new int[] {1000, 500_000}) {
            HashSet<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                assertTrue(seen.add(SyntheticQuotes.ticker(i, n)), "duplicate ticker at " + i);
            }
            assertEquals(n > 456_976 ? 5 : 4, SyntheticQuotes.ticker(0, n).length(), Arrays.toString(new int[] {n}));
        }
    }
}
