package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sabot.actors.api.BatchFunction;
import io.sabot.fintech.schema.MarketData;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs a kernel over quotes keyed by symbol in every way that must give the same result, and
 * compares each run with values computed independently: in batches of 1, 7, 1000 rows and all at
 * once; on the heap, columnar and RocksDB backends; and on each backend stopped half way, snapshotted
 * and restored into a fresh backend. Nulls must match exactly, numbers within a relative tolerance.
 */
final class KernelCheck {

    private static final AtomicInteger SNAPSHOTS = new AtomicInteger();

    private KernelCheck() {}

    static void assertMatches(Supplier<? extends BatchFunction> kernel, TestQuotes quotes,
                              Map<String, List<Double>> expected, double tolerance, Path directory) throws Exception {
        for (int batchRows : new int[] {1, 7, 1000, quotes.size()}) {
            compare(expected, run(kernel, quotes, batchRows, StateBackendKind.HEAP, directory, -1), tolerance,
                    "batches of " + batchRows);
        }
        for (StateBackendKind kind : StateBackendKind.values()) {
            compare(expected, run(kernel, quotes, 333, kind, directory, -1), tolerance, kind + " backend");
            compare(expected, run(kernel, quotes, 500, kind, directory, quotes.size() / 2 + 17), tolerance,
                    kind + " backend, restored from a snapshot half way");
        }
    }

    /** Runs the kernel in batches of {@code batchRows}; with {@code restoreAt} ≥ 0, restarts from a snapshot there. */
    static Map<String, List<Double>> run(Supplier<? extends BatchFunction> kernel, TestQuotes quotes, int batchRows,
                                         StateBackendKind kind, Path directory, int restoreAt) throws Exception {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        Path state = directory.resolve("state");
        try (BufferAllocator allocator = new RootAllocator()) {
            int end = restoreAt < 0 ? quotes.size() : restoreAt;
            List<SnapshotHandle> snapshot;
            try (KernelRunner harness = new KernelRunner(kernel.get(), MarketData.QUOTES, "symbol", allocator, kind, state)) {
                runRows(harness, quotes, 0, end, batchRows, allocator, out);
                snapshot = restoreAt < 0 ? List.of()
                        : List.of(harness.snapshot(directory.resolve("snapshot-" + SNAPSHOTS.incrementAndGet())));
            }
            if (restoreAt >= 0) {
                try (KernelRunner harness = new KernelRunner(kernel.get(), MarketData.QUOTES, "symbol", allocator, kind,
                        state, snapshot)) {
                    runRows(harness, quotes, restoreAt, quotes.size(), batchRows, allocator, out);
                }
            }
        }
        return out;
    }

    private static void runRows(KernelRunner harness, TestQuotes quotes, int from, int to, int batchRows,
                                BufferAllocator allocator, Map<String, List<Double>> out) throws Exception {
        for (int start = from; start < to; start += batchRows) {
            try (VectorSchemaRoot result = harness.process(quotes.batch(start, Math.min(to, start + batchRows), allocator))) {
                for (int c = MarketData.QUOTES.getFields().size(); c < result.getFieldVectors().size(); c++) {
                    Float8Vector column = (Float8Vector) result.getVector(c);
                    List<Double> values = out.computeIfAbsent(column.getName(), n -> new ArrayList<>());
                    for (int r = 0; r < result.getRowCount(); r++) {
                        values.add(column.isNull(r) ? null : column.get(r));
                    }
                }
            }
        }
    }

    /** A reference value as the kernel reports it: NaN is null. */
    static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    static void compare(Map<String, List<Double>> expected, Map<String, List<Double>> actual, double tolerance,
                        String how) {
        for (var column : expected.entrySet()) {
            List<Double> want = column.getValue();
            List<Double> got = actual.get(column.getKey());
            if (got == null) {
                fail(how + ": no column '" + column.getKey() + "' in " + actual.keySet());
            }
            assertEquals(want.size(), got.size(), how + ": rows of " + column.getKey());
            for (int row = 0; row < want.size(); row++) {
                Double w = want.get(row);
                Double g = got.get(row);
                String where = how + ", column " + column.getKey() + ", row " + row + ": expected " + w + ", got " + g;
                if (w == null || g == null) {
                    assertEquals(w, g, where);
                } else if (!(Math.abs(w - g) <= tolerance * Math.max(1, Math.abs(w)))) {
                    fail(where);
                }
            }
        }
    }
}
