package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.batch.SchemaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import io.sabot.state.backend.StateBackendKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EwmaTest {

    private static final Schema INPUT = SchemaBuilder.of().utf8("symbol").float64("x").build();
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    private VectorSchemaRoot batch(List<String> symbols, List<Double> xs) {
        VectorSchemaRoot root = VectorSchemaRoot.create(INPUT, allocator);
        root.allocateNew();
        for (int i = 0; i < symbols.size(); i++) {
            ((VarCharVector) root.getVector("symbol")).setSafe(i, symbols.get(i).getBytes(StandardCharsets.UTF_8));
            if (xs.get(i) == null) {
                ((Float8Vector) root.getVector("x")).setNull(i);
            } else {
                ((Float8Vector) root.getVector("x")).setSafe(i, xs.get(i));
            }
        }
        root.setRowCount(symbols.size());
        return root;
    }

    @TempDir
    java.nio.file.Path directory;

    /** Runs the kernel over the rows in batches of {@code batchRows}; returns x_ewma per row. */
    private List<Double> run(Ewma ewma, List<String> symbols, List<Double> xs, int batchRows) throws Exception {
        return run(ewma, symbols, xs, batchRows, StateBackendKind.HEAP);
    }

    private List<Double> run(Ewma ewma, List<String> symbols, List<Double> xs, int batchRows, StateBackendKind kind)
            throws Exception {
        try (KernelRunner harness = new KernelRunner(ewma, INPUT, "symbol", allocator, kind, directory)) {
            return run(harness, symbols, xs, batchRows);
        }
    }

    private List<Double> run(KernelRunner harness, List<String> symbols, List<Double> xs, int batchRows)
            throws Exception {
        List<Double> out = new ArrayList<>();
        for (int from = 0; from < symbols.size(); from += batchRows) {
            int to = Math.min(symbols.size(), from + batchRows);
            try (VectorSchemaRoot result = harness.process(batch(symbols.subList(from, to), xs.subList(from, to)))) {
                Float8Vector column = (Float8Vector) result.getVector("x_ewma");
                for (int r = 0; r < result.getRowCount(); r++) {
                    out.add(column.isNull(r) ? null : column.get(r));
                }
            }
        }
        return out;
    }

    @Test
    void matchesTheDefinitionPerKeyAcrossBatchBoundaries() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        List<String> symbols = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            symbols.add("K" + random.nextInt(25));
            Double x = 100 + random.nextGaussian();
            if (random.nextInt(50) == 0) {
                x = Double.NaN;
            } else if (random.nextInt(70) == 0) {
                x = null;
            }
            xs.add(x);
        }
        double alpha = 0.06;
        // Independent scalar implementation of DESIGN.md section 7's definition.
        Map<String, Double> state = new HashMap<>();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            Double x = xs.get(i);
            Double s = state.get(symbols.get(i));
            if (x != null && !x.isNaN()) {
                s = s == null ? x : alpha * x + (1 - alpha) * s;
                state.put(symbols.get(i), s);
            }
            expected.add(s);
        }
        for (int batchRows : new int[] {1, 7, 1000, 10_000}) {
            assertEquals(expected, run(new Ewma("x", alpha), symbols, xs, batchRows), "batches of " + batchRows);
        }
        for (StateBackendKind kind : StateBackendKind.values()) {
            assertEquals(expected, run(new Ewma("x", alpha), symbols, xs, 1000, kind), kind + " backend");
        }
    }

    @Test
    void carriesItsStateAcrossBatchesBackendsAndRestoresOnGeneratedQuotes() throws Exception {
        TestQuotes quotes = TestQuotes.generated(25, 3000, 23);
        double alpha = 0.06;
        Map<String, Double> state = new HashMap<>();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            double mid = quotes.mid(i);
            String symbol = quotes.symbols().get(i);
            if (!Double.isNaN(mid)) {
                state.merge(symbol, mid, (s, x) -> alpha * x + (1 - alpha) * s);
            }
            expected.add(state.get(symbol));
        }
        KernelCheck.assertMatches(Features.builder().mid().ewma("mid", alpha).build(), quotes,
                Map.of("mid_ewma", expected), 1e-12, directory);
    }

    @Test
    void handWorkedExample() throws Exception {
        // alpha 0.5: A: 10 -> 10; 20 -> 15; NaN -> 15; 5 -> 10. B: null -> null; 4 -> 4.
        List<Double> out = run(new Ewma("x", 0.5), List.of("A", "A", "B", "A", "B", "A"),
                java.util.Arrays.asList(10.0, 20.0, null, Double.NaN, 4.0, 5.0), 4);
        assertEquals(java.util.Arrays.asList(10.0, 15.0, null, 15.0, 4.0, 10.0), out);
        assertNull(out.get(2));
    }

    @Test
    void alphaFromSpanAndHalfLife() {
        assertEquals(2.0 / 21, Ewma.ofSpan("x", 20).alpha(), 1e-15);
        assertEquals(0.5, Ewma.ofHalfLife("x", 1).alpha(), 1e-15);
        // After h observations the weight of the first has halved: (1 - alpha)^h = 1/2.
        assertEquals(0.5, Math.pow(1 - Ewma.ofHalfLife("x", 10).alpha(), 10), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Ewma("x", 0));
        assertThrows(IllegalArgumentException.class, () -> new Ewma("x", 1.5));
    }

    @Test
    void rejectsAMissingOrMistypedColumnWhenTheJobIsBuilt() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new Ewma("mid", 0.1).outputSchema(INPUT));
        assertTrue(missing.getMessage().contains("needs a float64 column 'mid'"), missing.getMessage());
        IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class,
                () -> new Ewma("symbol", 0.1).outputSchema(INPUT));
        assertTrue(mistyped.getMessage().contains("needs column 'symbol' as float64"), mistyped.getMessage());
    }
}
