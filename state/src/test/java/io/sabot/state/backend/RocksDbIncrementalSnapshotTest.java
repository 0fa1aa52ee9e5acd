package io.sabot.state.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.state.StateBackends;
import io.sabot.state.api.ColumnarStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * A RocksDB checkpoint after a small part of the keys changed copies only the new SST files: what a
 * full checkpoint of the same state would write is all the files it references. Sizes, not timings.
 * {@code -Dsabot.incremental.keys=1000000} measures at the size of the checkpoint benchmark.
 */
class RocksDbIncrementalSnapshotTest extends BackendTestBase {

    private static final int KEYS = Integer.getInteger("sabot.incremental.keys", 100_000);

    @Test
    void aCheckpointAfterOnePercentOfTheKeysChangedWritesLessThanTenPercentOfTheState() throws Exception {
        KeyedStateBackend backend = fixture.create(StateBackendKind.ROCKSDB);
        // The state of the EWMA + OFI job: a mean and a count per key, and four order-flow figures.
        ColumnarStateStore.DoubleColumnState ewma = backend.doubleColumns("ewma", 2, Double.NaN);
        ColumnarStateStore.DoubleColumnState ofi = backend.doubleColumns("ofi", 4, 0.0);
        update(backend, ewma, ofi, 1, 0);
        Set<Path> first = new HashSet<>(StateBackends.snapshotFiles(backend.snapshot(1, directory.resolve("chk-1")).write()));
        update(backend, ewma, ofi, 100, 1); // every hundredth key: 1%
        List<Path> second = StateBackends.snapshotFiles(backend.snapshot(2, directory.resolve("chk-2")).write());

        long full = second.stream().mapToLong(RocksDbIncrementalSnapshotTest::size).sum();
        long added = second.stream().filter(file -> !first.contains(file)).mapToLong(RocksDbIncrementalSnapshotTest::size).sum();
        System.out.printf(Locale.ROOT, "RocksDB incremental checkpoint, %,d keys, 1%% changed: %,d of %,d bytes new (%.2f%%)%n",
                KEYS, added, full, 100.0 * added / full);
        assertTrue(added > 0, "the changed keys are in a new file");
        assertTrue(added * 10 < full, "new " + added + " bytes of " + full);
    }

    /** Sets new values for every {@code step}-th key, derived from the key and {@code round}. */
    private void update(KeyedStateBackend backend, ColumnarStateStore.DoubleColumnState ewma,
                        ColumnarStateStore.DoubleColumnState ofi, int step, int round) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i += step) {
            keys.add("SYM" + i);
        }
        int[] ids = new int[keys.size()];
        try (VectorSchemaRoot batch = fixture.batch(keys)) {
            backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
            for (int row = 0; row < keys.size(); row++) {
                int id = ids[row];
                backend.setCurrentKey(id);
                ewma.values()[id * 2] = row * 0.5 + round;
                ewma.values()[id * 2 + 1] = round + 1;
                for (int j = 0; j < 4; j++) {
                    ofi.values()[id * 4 + j] = row + j * 0.25 + round * 1000;
                }
            }
            backend.finishBatch();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
