package io.sabot.state.backend;

import io.sabot.state.StateBackends;
import io.sabot.state.api.ColumnarStateStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReducingState;
import io.sabot.state.api.ReducingStateDescriptor;
import io.sabot.state.api.StateTtlConfig;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Snapshots restore exactly what was captured, at any parallelism, and damaged files are caught. */
class SnapshotRestoreTest extends BackendTestBase {

    private static final int KEYS = 300;
    private static final int WIDTH = 3;

    /** The states of the test job, registered on {@code backend}. */
    private record States(ValueState<Long> value, ListState<String> list, MapState<String, Double> map,
                          ReducingState<Long> sum, ColumnarStateStore.DoubleColumnState column,
                          ColumnarStateStore.DoubleColumnState wide) {

        static States on(KeyedStateBackend backend) {
            ValueStateDescriptor<Long> valueDescriptor = new ValueStateDescriptor<>("value", Long.class);
            valueDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(1)).build());
            return new States(backend.getState(valueDescriptor),
                    backend.getListState(new ListStateDescriptor<>("list", String.class)),
                    backend.getMapState(new MapStateDescriptor<>("map", String.class, Double.class)),
                    backend.getReducingState(new ReducingStateDescriptor<>("sum", Long::sum, Long.class)),
                    backend.doubleColumn("column", Double.NaN), backend.doubleColumns("wide", WIDTH, 0.0));
        }
    }

    private static String key(int i) {
        return "SYM" + i;
    }

    /** Writes every state of keys {@code i} that belong to {@code backend}'s key groups, with values derived from i. */
    private void write(KeyedStateBackend backend, States states, int round) throws Exception {
        List<String> own = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            if (backend.keyGroupRange().contains(io.sabot.state.keygroups.KeyGroupRangeAssignment
                    .assignToKeyGroup(key(i), BackendFixture.MAX_PARALLELISM))) {
                own.add(key(i));
            }
        }
        int[] ids = new int[own.size()];
        try (VectorSchemaRoot batch = fixture.batch(own)) {
            backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
            for (int row = 0; row < own.size(); row++) {
                int i = Integer.parseInt(own.get(row).substring(3));
                backend.setCurrentKey(ids[row]);
                states.value().update((long) i * 10 + round);
                states.list().add("r" + round + "-" + i);
                states.map().put("m" + round, i + round / 10.0);
                states.sum().add((long) i);
                states.column().values()[ids[row]] = i * 0.5 + round;
                for (int j = 0; j < WIDTH; j++) {
                    if (j != 1 || i % 2 == 1) { // element 1 of even keys keeps the default
                        states.wide().values()[ids[row] * WIDTH + j] = wideValue(i, j, round);
                    }
                }
            }
            backend.finishBatch();
        }
    }

    private static double wideValue(int i, int j, int round) {
        return i + j * 0.25 + round * 1000;
    }

    /** Checks the values {@link #write} left after {@code rounds} rounds, for every key of the backend. */
    private void check(KeyedStateBackend backend, States states, int rounds) throws Exception {
        for (int i = 0; i < KEYS; i++) {
            String key = key(i);
            boolean own = backend.keyGroupRange().contains(io.sabot.state.keygroups.KeyGroupRangeAssignment
                    .assignToKeyGroup(key, BackendFixture.MAX_PARALLELISM));
            if (!own) {
                continue;
            }
            int[] ids = new int[1];
            try (VectorSchemaRoot batch = fixture.batch(List.of(key))) {
                backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
                backend.setCurrentKey(ids[0]);
                assertEquals((long) i * 10 + rounds - 1, states.value().value(), key);
                List<String> expectedList = new ArrayList<>();
                Map<String, Double> expectedMap = new HashMap<>();
                for (int r = 0; r < rounds; r++) {
                    expectedList.add("r" + r + "-" + i);
                    expectedMap.put("m" + r, i + r / 10.0);
                }
                assertEquals(expectedList, StatePrimitivesTest.toList(states.list().get()), key);
                assertEquals(expectedMap, StatePrimitivesTest.toMap(states.map().entries()), key);
                assertEquals((long) i * rounds, states.sum().get(), key);
                assertEquals(i * 0.5 + rounds - 1, states.column().values()[ids[0]], key);
                for (int j = 0; j < WIDTH; j++) {
                    double expected = j != 1 || i % 2 == 1 ? wideValue(i, j, rounds - 1) : 0.0;
                    assertEquals(expected, states.wide().values()[ids[0] * WIDTH + j], key + " wide[" + j + "]");
                }
                backend.finishBatch();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void aSnapshotKeepsWhatWasCapturedWhileProcessingGoesOn(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        States states = States.on(backend);
        write(backend, states, 0);
        SnapshotWriter writer = backend.snapshot(1, directory.resolve("chk-1"));
        write(backend, states, 1); // processing continues before the snapshot is written
        SnapshotHandle handle = writer.write();
        check(backend, states, 2);

        KeyedStateBackend restored = fixture.create(kind, handle.keyGroups(), List.of(handle));
        check(restored, States.on(restored), 1);
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void anExportWhileASnapshotIsBeingWrittenLeavesTheSnapshotAsCaptured(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        States states = States.on(backend);
        write(backend, states, 0);
        SnapshotWriter writer = backend.snapshot(1, directory.resolve("chk-1"));
        backend.exportTo(directory.resolve("export.arrow")); // reads every state while the snapshot is pending
        write(backend, states, 1);
        SnapshotHandle handle = writer.write();

        KeyedStateBackend restored = fixture.create(kind, handle.keyGroups(), List.of(handle));
        check(restored, States.on(restored), 1);
    }

    static Stream<Arguments> rescalings() {
        List<Arguments> cases = new ArrayList<>();
        for (StateBackendKind kind : StateBackendKind.values()) {
            cases.add(Arguments.of(kind, 2, 3));
            cases.add(Arguments.of(kind, 3, 2));
            cases.add(Arguments.of(kind, 2, 1));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: parallelism {1} -> {2}")
    @MethodSource("rescalings")
    void restoringIntoAnotherParallelismGivesEveryKeyItsState(StateBackendKind kind, int from, int to) throws Exception {
        List<SnapshotHandle> handles = new ArrayList<>();
        for (int subtask = 0; subtask < from; subtask++) {
            KeyedStateBackend backend = fixture.create(kind, BackendFixture.range(subtask, from), List.of());
            States states = States.on(backend);
            write(backend, states, 0);
            write(backend, states, 1);
            handles.add(backend.snapshot(7, directory.resolve("chk-7")).write());
        }
        int restoredKeys = 0;
        for (int subtask = 0; subtask < to; subtask++) {
            KeyedStateBackend restored = fixture.create(kind, BackendFixture.range(subtask, to), handles);
            check(restored, States.on(restored), 2);
            for (int i = 0; i < KEYS; i++) {
                restoredKeys += BackendFixture.subtaskOf(key(i), to) == subtask ? 1 : 0;
            }
        }
        assertEquals(KEYS, restoredKeys, "every key is restored by exactly one new subtask");
    }

    @ParameterizedTest
    @EnumSource(value = StateBackendKind.class, names = {"HEAP", "COLUMNAR"})
    void damagedOrTruncatedSnapshotFilesAreDetectedAndNamed(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        write(backend, States.on(backend), 0);
        SnapshotHandle handle = backend.snapshot(1, directory.resolve("chk-1")).write();
        byte[] original = Files.readAllBytes(handle.path());

        byte[] flipped = original.clone();
        flipped[original.length / 3] ^= 0x20;
        Files.write(handle.path(), flipped);
        CorruptSnapshotException corrupt = assertThrows(CorruptSnapshotException.class,
                () -> fixture.create(kind, handle.keyGroups(), List.of(handle)));
        assertTrue(corrupt.getMessage().startsWith("snapshot file " + handle.path() + " is corrupt"), corrupt.getMessage());

        Files.write(handle.path(), java.util.Arrays.copyOf(original, original.length - 10));
        CorruptSnapshotException truncated = assertThrows(CorruptSnapshotException.class,
                () -> fixture.create(kind, handle.keyGroups(), List.of(handle)));
        assertTrue(truncated.getMessage().contains(handle.path().toString()), truncated.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aDamagedRocksDbSnapshotFileIsDetectedAndNamed() throws Exception {
        KeyedStateBackend backend = fixture.create(StateBackendKind.ROCKSDB);
        write(backend, States.on(backend), 0);
        SnapshotHandle handle = backend.snapshot(1, directory.resolve("chk-1")).write();
        Path sst;
        try (Stream<Path> files = Files.list(directory.resolve("shared"))) {
            sst = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
        }
        try (var channel = java.nio.channels.FileChannel.open(sst, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 100);
        }
        IOException e = assertThrows(CorruptSnapshotException.class,
                () -> fixture.create(StateBackendKind.ROCKSDB, handle.keyGroups(), List.of(handle)));
        assertTrue(e.getMessage().contains(sst.getFileName().toString()), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void rocksDbSnapshotsAreIncremental() throws Exception {
        KeyedStateBackend backend = fixture.create(StateBackendKind.ROCKSDB);
        States states = States.on(backend);
        write(backend, states, 0);
        backend.snapshot(1, directory.resolve("chk-1")).write();
        long sharedAfterFirst = countFiles(directory.resolve("shared"));
        SnapshotHandle second = backend.snapshot(2, directory.resolve("chk-2")).write();
        assertEquals(sharedAfterFirst, countFiles(directory.resolve("shared")), "nothing changed: no SST copied again");
        write(backend, states, 1);
        SnapshotHandle third = backend.snapshot(3, directory.resolve("chk-3")).write();
        assertTrue(countFiles(directory.resolve("shared")) > sharedAfterFirst, "new data: new SST files");
        KeyedStateBackend fromThird = fixture.create(StateBackendKind.ROCKSDB, third.keyGroups(), List.of(third));
        check(fromThird, States.on(fromThird), 2);
        KeyedStateBackend fromSecond = fixture.create(StateBackendKind.ROCKSDB, second.keyGroups(), List.of(second));
        check(fromSecond, States.on(fromSecond), 1);
    }

    /**
     * A RocksDB backend restored from a snapshot references its SST files in later snapshots into
     * the same storage (incremental), but copies them into another storage (a job started from a
     * savepoint never claims the savepoint's files, so its retention never deletes them).
     */
    @org.junit.jupiter.api.Test
    void aRestoredRocksDbSnapshotIsReferencedInItsOwnStorageAndCopiedIntoAnother() throws Exception {
        KeyedStateBackend backend = fixture.create(StateBackendKind.ROCKSDB);
        write(backend, States.on(backend), 0);
        Path savepoint = directory.resolve("savepoint");
        SnapshotHandle first = backend.snapshot(1, savepoint.resolve("chk-1")).write();
        List<Path> savepointFiles = StateBackends.snapshotFiles(first);

        KeyedStateBackend restored = fixture.create(StateBackendKind.ROCKSDB, first.keyGroups(), List.of(first));
        States.on(restored);
        List<Path> incremental = StateBackends.snapshotFiles(restored.snapshot(2, savepoint.resolve("chk-2")).write());
        assertTrue(incremental.stream().anyMatch(savepointFiles::contains), "the snapshot's own storage shares its SST files");
        Path job = directory.resolve("job");
        List<Path> copied = StateBackends.snapshotFiles(restored.snapshot(3, job.resolve("chk-3")).write());
        assertTrue(copied.stream().allMatch(file -> file.toAbsolutePath().normalize().startsWith(job)),
                "every file of the other storage's snapshot is in it: " + copied);
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void columnsRegisteredInAnotherOrderBySomeSubtaskStillRestore(StateBackendKind kind) throws Exception {
        List<SnapshotHandle> handles = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            KeyedStateBackend backend = fixture.create(kind, BackendFixture.range(subtask, 2), List.of());
            var first = subtask == 0 ? backend.doubleColumn("x", 0.0) : null;
            var y = backend.longColumn("y", -1L);
            var x = first != null ? first : backend.doubleColumn("x", 0.0);
            List<String> own = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                if (BackendFixture.subtaskOf(key(i), 2) == subtask) {
                    own.add(key(i));
                }
            }
            int[] ids = new int[own.size()];
            try (VectorSchemaRoot batch = fixture.batch(own)) {
                backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
                for (int row = 0; row < own.size(); row++) {
                    int i = Integer.parseInt(own.get(row).substring(3));
                    x.values()[ids[row]] = i + 0.25;
                    y.values()[ids[row]] = 1000L + i;
                }
                backend.finishBatch();
            }
            handles.add(backend.snapshot(3, directory.resolve("chk-3")).write());
        }
        KeyedStateBackend restored = fixture.create(kind, BackendFixture.range(0, 1), handles);
        var y = restored.longColumn("y", -1L);
        var x = restored.doubleColumn("x", 0.0);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            all.add(key(i));
        }
        int[] ids = new int[KEYS];
        try (VectorSchemaRoot batch = fixture.batch(all)) {
            restored.bindBatch(batch, BackendFixture.SYMBOL, ids);
            for (int i = 0; i < KEYS; i++) {
                assertEquals(i + 0.25, x.values()[ids[i]], key(i));
                assertEquals(1000L + i, y.values()[ids[i]], key(i));
            }
            restored.finishBatch();
        }
    }

    static Stream<Arguments> backendPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (StateBackendKind from : StateBackendKind.values()) {
            for (StateBackendKind to : StateBackendKind.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("backendPairs")
    void exportFromOneBackendImportsIntoAnother(StateBackendKind from, StateBackendKind to) throws Exception {
        KeyedStateBackend source = fixture.create(from);
        States states = States.on(source);
        write(source, states, 0);
        write(source, states, 1);
        Path export = directory.resolve("export.arrow");
        source.exportTo(export);

        KeyedStateBackend target = fixture.create(to);
        target.importFrom(export); // before the states are registered: they pick the entries up when they are
        check(target, States.on(target), 2);

        KeyedStateBackend late = fixture.create(to);
        States registered = States.on(late);
        late.importFrom(export); // after registration: applied at once
        check(late, registered, 2);
        late.setCurrentKeyObject("not-there");
        assertNull(registered.value().value());
    }
}
