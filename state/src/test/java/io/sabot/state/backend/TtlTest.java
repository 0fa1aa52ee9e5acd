package io.sabot.state.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.StateTtlConfig;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.rocksdb.RocksDbKeyedStateBackend;
import io.sabot.state.transfer.StateExport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** State TTL with Flink's semantics, on a clock the test moves (expired when lastAccess + ttl <= now). */
class TtlTest extends BackendTestBase {

    private static <T> ValueStateDescriptor<T> withTtl(ValueStateDescriptor<T> descriptor, StateTtlConfig ttl) {
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void onCreateAndWriteExpiresTtlAfterTheLastWriteWhateverTheReads(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        ValueState<Long> state = backend.getState(withTtl(new ValueStateDescriptor<>("v", Long.class),
                StateTtlConfig.newBuilder(Duration.ofMillis(100)).updateTtlOnCreateAndWrite().neverReturnExpired().build()));
        backend.setCurrentKeyObject("A");
        state.update(1L);
        fixture.clock.advance(60);
        assertEquals(1L, state.value(), "read at 60 ms does not refresh");
        fixture.clock.advance(39);
        assertEquals(1L, state.value(), "alive at 99 ms");
        fixture.clock.advance(1);
        assertNull(state.value(), "expired at exactly lastAccess + ttl");
        state.update(2L);
        fixture.clock.advance(99);
        assertEquals(2L, state.value(), "a write restarts the TTL");
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void onReadAndWriteRefreshesOnEveryRead(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        ValueState<Long> state = backend.getState(withTtl(new ValueStateDescriptor<>("v", Long.class),
                StateTtlConfig.newBuilder(Duration.ofMillis(100)).updateTtlOnReadAndWrite().build()));
        backend.setCurrentKeyObject("A");
        state.update(1L);
        for (int i = 0; i < 5; i++) {
            fixture.clock.advance(90);
            assertEquals(1L, state.value(), "each read within the TTL keeps it alive");
        }
        fixture.clock.advance(100);
        assertNull(state.value());
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void returnExpiredIfNotCleanedUpReturnsItOnceThenItIsGone(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        ValueState<Long> state = backend.getState(withTtl(new ValueStateDescriptor<>("v", Long.class),
                StateTtlConfig.newBuilder(Duration.ofMillis(100)).returnExpiredIfNotCleanedUp().build()));
        backend.setCurrentKeyObject("A");
        state.update(1L);
        fixture.clock.advance(500);
        assertEquals(1L, state.value(), "expired but still stored: returned");
        assertNull(state.value(), "reading it cleaned it up");
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void listElementsAndMapEntriesExpireOneByOne(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMillis(100)).build();
        ListStateDescriptor<String> listDescriptor = new ListStateDescriptor<>("list", String.class);
        listDescriptor.enableTimeToLive(ttl);
        MapStateDescriptor<String, Long> mapDescriptor = new MapStateDescriptor<>("map", String.class, Long.class);
        mapDescriptor.enableTimeToLive(ttl);
        ListState<String> list = backend.getListState(listDescriptor);
        MapState<String, Long> map = backend.getMapState(mapDescriptor);
        backend.setCurrentKeyObject("A");
        list.add("old");
        map.put("old", 1L);
        fixture.clock.advance(60);
        list.add("new");
        map.put("new", 2L);
        fixture.clock.advance(40); // "old" is 100 ms old, "new" 40 ms
        assertEquals(List.of("new"), StatePrimitivesTest.toList(list.get()));
        assertNull(map.get("old"));
        assertEquals(2L, map.get("new"));
        fixture.clock.advance(60);
        assertNull(list.get());
        assertEquals(true, map.isEmpty());
    }

    @Test
    void heapIncrementalCleanupRemovesExpiredEntriesWithoutTheirKeysBeingRead() throws Exception {
        KeyedStateBackend backend = fixture.create(StateBackendKind.HEAP);
        ValueState<Long> state = backend.getState(withTtl(new ValueStateDescriptor<>("v", Long.class),
                StateTtlConfig.newBuilder(Duration.ofMillis(100)).cleanupIncrementally(10, false).build()));
        for (int i = 0; i < 50; i++) {
            backend.setCurrentKeyObject("K" + i);
            state.update((long) i);
        }
        fixture.clock.advance(1000);
        backend.setCurrentKeyObject("live");
        for (int i = 0; i < 10; i++) {
            state.update((long) i); // each access checks 10 more entries
        }
        backend.exportTo(directory.resolve("after.arrow"));
        assertEquals(1, StateExport.read(directory.resolve("after.arrow")).entries().size(),
                "only the key written after the others expired is left");
    }

    @ParameterizedTest
    @EnumSource(value = StateBackendKind.class, names = {"HEAP", "COLUMNAR"})
    void fullSnapshotCleanupLeavesExpiredValuesOutOfTheSnapshot(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        ValueState<Long> state = backend.getState(withTtl(new ValueStateDescriptor<>("v", Long.class),
                StateTtlConfig.newBuilder(Duration.ofMillis(100)).cleanupFullSnapshot().build()));
        backend.setCurrentKeyObject("old");
        state.update(1L);
        fixture.clock.advance(150);
        backend.setCurrentKeyObject("new");
        state.update(2L);
        SnapshotHandle handle = backend.snapshot(1, directory.resolve("chk-1")).write();
        KeyedStateBackend restored = fixture.create(kind, handle.keyGroups(), List.of(handle));
        ValueState<Long> restoredState = restored.getState(withTtl(new ValueStateDescriptor<>("v", Long.class),
                StateTtlConfig.newBuilder(Duration.ofMillis(100)).cleanupFullSnapshot().returnExpiredIfNotCleanedUp().build()));
        restored.setCurrentKeyObject("old");
        assertNull(restoredState.value(), "not in the snapshot, so not even returned as expired");
        restored.setCurrentKeyObject("new");
        assertEquals(2L, restoredState.value());
    }

    @Test
    void rocksDbCompactionFilterDropsExpiredEntries() throws Exception {
        RocksDbKeyedStateBackend backend = (RocksDbKeyedStateBackend) fixture.create(StateBackendKind.ROCKSDB);
        ValueState<Long> state = backend.getState(withTtl(new ValueStateDescriptor<>("v", Long.class),
                StateTtlConfig.newBuilder(Duration.ofSeconds(1)).cleanupInRocksdbCompactFilter(1000).build()));
        for (int i = 0; i < 100; i++) {
            backend.setCurrentKeyObject("K" + i);
            state.update((long) i);
        }
        backend.compact();
        assertEquals(100, backend.storedEntries("v"));
        // RocksDB's TTL compaction filter works on its own wall clock, in whole seconds.
        Thread.sleep(2_500);
        backend.compact();
        assertEquals(0, backend.storedEntries("v"), "compaction removed every expired entry");
    }
}
