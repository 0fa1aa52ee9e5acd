package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.fintech.schema.MarketData;
import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesTest {

    @TempDir
    Path directory;

    @Test
    void theBuilderDeclaresTheKernelsCommandsColumnsInOrder() {
        Features features = Features.builder()
                .mid().microprice().spread().imbalance().ofi()
                .logReturn("mid").ewma("mid", 0.06).ewVariance("mid", 0.94).rolling("mid", 20)
                .build();
        List<String> columns = List.of("mid", "microprice", "spread", "imbalance", "ofi", "mid_log_return", "mid_ewma",
                "mid_ewvar", "mid_rolling_mean", "mid_rolling_std", "mid_zscore");
        assertEquals(columns, features.columns());
        assertEquals(columns, Features.named(List.of(Features.FEATURE_JOB.split(",")), 0.06, 20).columns());
        var schema = features.get().outputSchema(MarketData.QUOTES);
        assertEquals(MarketData.QUOTES.getFields().size() + columns.size(), schema.getFields().size());
    }

    @Test
    void oneAgentGivesWhatEachKernelGivesAlone() throws Exception {
        TestQuotes quotes = TestQuotes.generated(30, 2000, 29);
        Features all = Features.named(Features.NAMES, 0.1, 10);
        Map<String, List<Double>> together = KernelCheck.run(all, quotes, 300, StateBackendKind.COLUMNAR, directory, -1);
        assertEquals(all.columns(), List.copyOf(together.keySet()));
        // each feature on its own agent, fed the columns it needs by the agents before it
        for (String name : Features.NAMES) {
            List<String> upTo = name.equals("ewvar") || name.equals("realized_var") ? List.of("mid", "log_return", name)
                    : name.equals("mid") ? List.of("mid") : List.of("mid", name);
            Map<String, List<Double>> alone = KernelCheck.run(Features.named(upTo, 0.1, 10), quotes, 300,
                    StateBackendKind.HEAP, directory, -1);
            for (String column : Features.named(List.of(name), 0.1, 10).columns()) {
                assertEquals(alone.get(column), together.get(column), column);
            }
        }
    }

    @Test
    void anEmptyBatchGivesAnEmptyBatchAndChangesNoState() throws Exception {
        TestQuotes quotes = TestQuotes.generated(10, 1000, 31);
        Features all = Features.named(Features.NAMES, 0.1, 10);
        Map<String, List<Double>> expected = KernelCheck.run(all, quotes, 500, StateBackendKind.COLUMNAR, directory, -1);
        Map<String, List<Double>> got = new LinkedHashMap<>();
        try (BufferAllocator allocator = new RootAllocator();
             KernelRunner runner = new KernelRunner(all.get(), MarketData.QUOTES, "symbol", allocator,
                     StateBackendKind.COLUMNAR, directory.resolve("with-empty"))) {
            for (int[] rows : new int[][] {{0, 500}, {500, 500}, {500, 1000}}) {
                try (VectorSchemaRoot out = runner.process(quotes.batch(rows[0], rows[1], allocator))) {
                    assertEquals(rows[1] - rows[0], out.getRowCount());
                    for (String column : all.columns()) {
                        Float8Vector vector = (Float8Vector) out.getVector(column);
                        for (int r = 0; r < out.getRowCount(); r++) {
                            got.computeIfAbsent(column, c -> new ArrayList<>()).add(vector.isNull(r) ? null : vector.get(r));
                        }
                    }
                }
            }
        }
        assertEquals(expected, got);
    }

    /**
     * The meaning of a half-life, checked without the formula for alpha: a step from 0 to 1 is half
     * way after one half-life and three quarters of the way after two.
     */
    @Test
    void anEwmaOfHalfLifeHGoesHalfWayUpAStepInHQuotes() throws Exception {
        Object[][] rows = new Object[9][];
        rows[0] = new Object[] {"S", 0.0, 0.0, 1, 1};
        for (int i = 1; i < rows.length; i++) {
            rows[i] = new Object[] {"S", 1.0, 1.0, 1, 1};
        }
        Features halfLife4 = Features.builder().mid().ewmaHalfLife("mid", 4).build();
        List<Double> ewma = KernelCheck.run(halfLife4, TestQuotes.of(rows), 3, StateBackendKind.HEAP, directory, -1)
                .get("mid_ewma");
        assertEquals(0.5, ewma.get(4), 1e-12);
        assertEquals(0.75, ewma.get(8), 1e-12);
    }

    @Test
    void rejectsUnknownNamesMissingInputsAndClashes() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Features.named(List.of("mid", "vol"), 0.06, 20));
        assertTrue(unknown.getMessage().contains("unknown feature 'vol'"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Features.builder().ewma("mid", 0.1).build().get().outputSchema(MarketData.QUOTES));
        assertTrue(missing.getMessage().contains("needs a float64 column 'mid'"), missing.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Features.builder().mid().mid().build());
        assertTrue(twice.getMessage().contains("'mid'"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Features.builder().ewma("mid", 0).build());
    }
}
