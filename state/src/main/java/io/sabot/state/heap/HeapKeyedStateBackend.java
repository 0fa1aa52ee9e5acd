package io.sabot.state.heap;

import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.SnapshotWriter;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.internal.DenseKeyedStateBackend;
import io.sabot.state.internal.ColumnArrays;
import io.sabot.state.internal.MapStorage;
import io.sabot.state.internal.StoredSerializer;
import io.sabot.state.internal.ValueStorage;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import io.sabot.state.snapshot.SectionCodec;
import io.sabot.state.snapshot.SectionedSnapshots;
import io.sabot.state.snapshot.SnapshotMetadata;
import io.sabot.state.ttl.Ttl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;

/**
 * Keyed state on the Java heap, the default backend: object states in per-key-group hash maps
 * (copy-on-write snapshots), numeric columns in primitive arrays by dense key id. A snapshot is one
 * file of CRC-checked key-group sections.
 */
public final class HeapKeyedStateBackend extends DenseKeyedStateBackend {

    private final Map<String, HeapStateTable> tables = new LinkedHashMap<>();
    private final ConcurrentSkipListSet<Long> runningSnapshots = new ConcurrentSkipListSet<>();
    private long snapshotSequence;
    private Object currentKey;
    private int currentKeyGroup = -1;
    private boolean cleanupEveryRecord;

    public HeapKeyedStateBackend(KeyType keyType, int maxParallelism, KeyGroupRange keyGroupRange, TtlTimeProvider clock,
                                 List<SnapshotHandle> restoreFrom) throws IOException {
        super(keyType, maxParallelism, keyGroupRange, clock);
        restoreSections(restoreFrom, SectionCodec.BINARY);
    }

    @Override
    public StateBackendKind kind() {
        return StateBackendKind.HEAP;
    }

    // --- keys ---

    @Override
    public void setCurrentKey(int keyId) {
        super.setCurrentKey(keyId);
        currentKey = keys.key(keyId);
        currentKeyGroup = keys.keyGroup(keyId);
        if (cleanupEveryRecord) {
            runIncrementalCleanup(true);
        }
    }

    private HashMap<Object, Object> currentMap(HeapStateTable table) {
        checkKeyedContext();
        return table.map(currentKeyGroup);
    }

    /** The current key's value of {@code table}, safe to change in place (copied if a running snapshot shares it). */
    private Object currentValue(HeapStateTable table) {
        checkKeyedContext();
        return table.value(currentKeyGroup, currentKey);
    }

    private void checkKeyedContext() {
        if (currentKeyGroup < 0) {
            throw new IllegalStateException("keyed state was used outside of a keyed context (no current key)");
        }
    }

    // --- storage ---

    @Override
    protected ValueStorage valueStorage(StoredSerializer serializer, Ttl ttl) {
        HeapStateTable table = table(serializer, ttl);
        return new ValueStorage() {
            @Override
            public Object get() {
                afterAccess(table);
                return currentValue(table);
            }

            @Override
            public void put(Object stored) {
                currentMap(table).put(currentKey, stored);
                afterAccess(table);
            }

            @Override
            public void remove() {
                currentMap(table).remove(currentKey);
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    protected MapStorage mapStorage(StoredSerializer serializer, Ttl ttl) {
        HeapStateTable table = table(serializer, ttl);
        return new MapStorage() {
            private Map<Object, Object> userMap(boolean create) {
                Map<Object, Object> userMap = (Map<Object, Object>) currentValue(table);
                if (userMap == null && create) {
                    userMap = new HashMap<>();
                    currentMap(table).put(currentKey, userMap);
                }
                return userMap;
            }

            @Override
            public Object get(Object userKey) {
                afterAccess(table);
                Map<Object, Object> userMap = userMap(false);
                return userMap == null ? null : userMap.get(userKey);
            }

            @Override
            public void put(Object userKey, Object stored) {
                userMap(true).put(userKey, stored);
                afterAccess(table);
            }

            @Override
            public void remove(Object userKey) {
                Map<Object, Object> userMap = userMap(false);
                if (userMap != null) {
                    userMap.remove(userKey);
                    if (userMap.isEmpty()) {
                        currentMap(table).remove(currentKey);
                    }
                }
            }

            @Override
            public List<Map.Entry<Object, Object>> entries() {
                Map<Object, Object> userMap = userMap(false);
                List<Map.Entry<Object, Object>> entries = new ArrayList<>();
                if (userMap != null) {
                    userMap.forEach((k, v) -> entries.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
                }
                return entries;
            }

            @Override
            public void clear() {
                currentMap(table).remove(currentKey);
            }
        };
    }

    private HeapStateTable table(StoredSerializer serializer, Ttl ttl) {
        HeapStateTable table = new HeapStateTable(serializer, ttl, keyGroupRange, this::snapshotRunning);
        tables.put(serializer.meta().name(), table);
        cleanupEveryRecord |= ttl.enabled() && ttl.config().isIncrementalCleanupForEveryRecord();
        return table;
    }

    private boolean snapshotRunning(long snapshotId) {
        // one atomic read: the snapshot thread removes ids concurrently (isEmpty-then-first raced)
        return runningSnapshots.floor(snapshotId) != null;
    }

    private void afterAccess(HeapStateTable table) {
        Ttl ttl = table.ttl();
        if (ttl.enabled() && ttl.config().getIncrementalCleanupSize() > 0 && !ttl.config().isIncrementalCleanupForEveryRecord()) {
            table.cleanupStep(ttl.config().getIncrementalCleanupSize());
        }
    }

    private void runIncrementalCleanup(boolean everyRecordOnly) {
        for (HeapStateTable table : tables.values()) {
            var config = table.ttl().config();
            if (table.ttl().enabled() && config.getIncrementalCleanupSize() > 0
                    && (!everyRecordOnly || config.isIncrementalCleanupForEveryRecord())) {
                table.cleanupStep(config.getIncrementalCleanupSize());
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void restoreObjectState(StoredSerializer serializer, List<StateEntry> entries) {
        HeapStateTable table = tables.get(serializer.meta().name());
        boolean isMap = serializer.meta().kind() == StateMeta.Kind.MAP;
        for (StateEntry entry : entries) {
            Object key = keyType.fromBytes(entry.key());
            keys.idOf(key);
            HashMap<Object, Object> map = table.map(entry.keyGroup());
            Object stored = serializer.valueFromBytes(entry.value());
            if (isMap) {
                ((Map<Object, Object>) map.computeIfAbsent(key, k -> new HashMap<>()))
                        .put(serializer.userKeyFromBytes(entry.userKey()), stored);
            } else {
                map.put(key, stored);
            }
        }
        columns.ensureCapacity(keys.size());
    }

    @Override
    protected void forEachObjectEntry(Registered state, Consumer<StateEntry> consumer) {
        HeapStateTable table = tables.get(state.serializer().meta().name());
        HeapStateTable.forEachEntry(table.live(), table.firstKeyGroup(), table.serializer(), table.ttl(),
                keyType, -1, consumer);
    }

    // --- columns ---

    // --- snapshots ---

    @Override
    public SnapshotWriter snapshot(long checkpointId, Path directory) {
        long snapshotId = ++snapshotSequence;
        runningSnapshots.add(snapshotId);
        long now = clock.currentTimestamp();
        List<CapturedTable> captured = new ArrayList<>();
        for (HeapStateTable table : tables.values()) {
            boolean dropExpired = table.ttl().enabled() && table.ttl().config().isCleanupInFullSnapshot();
            captured.add(new CapturedTable(table, table.capture(snapshotId), dropExpired ? now : -1));
        }
        ColumnArrays.Captured capturedColumns = columns.capture();
        List<StateEntry> unregistered = new ArrayList<>();
        forEachPendingEntry(unregistered::add);
        forEachTimerEntry(unregistered::add); // timers are copied now, like the pending entries
        List<StateMeta> metas = allMetas();
        Path file = directory.resolve("keyed-" + keyGroupRange.startKeyGroup() + "-" + keyGroupRange.endKeyGroup() + ".heap");
        SnapshotMetadata metadata = new SnapshotMetadata(keyType, maxParallelism, metas);
        return () -> {
            try {
                SectionedSnapshots.write(file, SectionCodec.BINARY, metadata, keyGroupRange, collect -> {
                    for (CapturedTable table : captured) {
                        HeapStateTable.forEachEntry(table.maps(), table.table().firstKeyGroup(), table.table().serializer(),
                                table.table().ttl(), keyType, table.dropExpiredAt(), collect);
                    }
                    unregistered.forEach(collect);
                }, capturedColumns.byKeyGroup());
                return new SnapshotHandle(StateBackendKind.HEAP, checkpointId, keyGroupRange, file);
            } finally {
                runningSnapshots.remove(snapshotId);
            }
        };
    }

    private record CapturedTable(HeapStateTable table, HashMap<Object, Object>[] maps, long dropExpiredAt) {}

    @Override
    public void close() {
        tables.clear();
    }
}
