package io.sabot.state.columnar;

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
import io.sabot.state.snapshot.ArrowSectionCodec;
import io.sabot.state.snapshot.SectionedSnapshots;
import io.sabot.state.snapshot.SnapshotMetadata;
import io.sabot.state.ttl.Ttl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keyed state as columns indexed by dense key id: numeric columns in primitive arrays (what the
 * fintech kernels use), object states in one {@code Object[]} column each. A snapshot copies the
 * numeric arrays and serializes the object columns at once, then writes one Arrow IPC table per
 * key group.
 */
public final class ColumnarKeyedStateBackend extends DenseKeyedStateBackend {

    private final Map<String, ObjectColumn> objectColumns = new LinkedHashMap<>();

    public ColumnarKeyedStateBackend(KeyType keyType, int maxParallelism, KeyGroupRange keyGroupRange,
                                     TtlTimeProvider clock, List<SnapshotHandle> restoreFrom) throws IOException {
        super(keyType, maxParallelism, keyGroupRange, clock);
        restoreSections(restoreFrom, ArrowSectionCodec.INSTANCE);
    }

    @Override
    public StateBackendKind kind() {
        return StateBackendKind.COLUMNAR;
    }

    /** One object state: a stored value (a user map for map states) per key id. */
    private final class ObjectColumn {
        final StoredSerializer serializer;
        Object[] values = new Object[1024];

        ObjectColumn(StoredSerializer serializer) {
            this.serializer = serializer;
        }

        Object get() {
            int id = current();
            return id < values.length ? values[id] : null;
        }

        void set(Object stored) {
            int id = current();
            if (id >= values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, id + 1));
            }
            values[id] = stored;
        }

        private int current() {
            return currentId();
        }
    }

    private ObjectColumn column(StoredSerializer serializer) {
        ObjectColumn column = new ObjectColumn(serializer);
        objectColumns.put(serializer.meta().name(), column);
        return column;
    }

    @Override
    protected ValueStorage valueStorage(StoredSerializer serializer, Ttl ttl) {
        ObjectColumn column = column(serializer);
        return new ValueStorage() {
            @Override
            public Object get() {
                return column.get();
            }

            @Override
            public void put(Object stored) {
                column.set(stored);
            }

            @Override
            public void remove() {
                column.set(null);
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    protected MapStorage mapStorage(StoredSerializer serializer, Ttl ttl) {
        ObjectColumn column = column(serializer);
        return new MapStorage() {
            @Override
            public Object get(Object userKey) {
                Map<Object, Object> map = (Map<Object, Object>) column.get();
                return map == null ? null : map.get(userKey);
            }

            @Override
            public void put(Object userKey, Object stored) {
                Map<Object, Object> map = (Map<Object, Object>) column.get();
                if (map == null) {
                    map = new HashMap<>();
                    column.set(map);
                }
                map.put(userKey, stored);
            }

            @Override
            public void remove(Object userKey) {
                Map<Object, Object> map = (Map<Object, Object>) column.get();
                if (map != null) {
                    map.remove(userKey);
                    if (map.isEmpty()) {
                        column.set(null);
                    }
                }
            }

            @Override
            public List<Map.Entry<Object, Object>> entries() {
                Map<Object, Object> map = (Map<Object, Object>) column.get();
                List<Map.Entry<Object, Object>> entries = new ArrayList<>();
                if (map != null) {
                    map.forEach((k, v) -> entries.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
                }
                return entries;
            }

            @Override
            public void clear() {
                column.set(null);
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void restoreObjectState(StoredSerializer serializer, List<StateEntry> entries) {
        ObjectColumn column = objectColumns.get(serializer.meta().name());
        int saved = currentId;
        for (StateEntry entry : entries) {
            currentId = keys.idOf(keyType.fromBytes(entry.key()));
            Object stored = serializer.valueFromBytes(entry.value());
            if (serializer.meta().kind() == StateMeta.Kind.MAP) {
                Map<Object, Object> map = (Map<Object, Object>) column.get();
                if (map == null) {
                    map = new HashMap<>();
                    column.set(map);
                }
                map.put(serializer.userKeyFromBytes(entry.userKey()), stored);
            } else {
                column.set(stored);
            }
        }
        currentId = saved;
        columns.ensureCapacity(keys.size());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void forEachObjectEntry(Registered state, Consumer<StateEntry> consumer) {
        ObjectColumn column = objectColumns.get(state.serializer().meta().name());
        StoredSerializer serializer = column.serializer;
        String name = serializer.meta().name();
        int size = Math.min(column.values.length, keys.size());
        for (int id = 0; id < size; id++) {
            Object stored = column.values[id];
            if (stored == null) {
                continue;
            }
            byte[] key = keys.keyBytes(id);
            int keyGroup = keys.keyGroup(id);
            if (serializer.meta().kind() == StateMeta.Kind.MAP) {
                for (Map.Entry<Object, Object> entry : ((Map<Object, Object>) stored).entrySet()) {
                    consumer.accept(new StateEntry(name, keyGroup, key, serializer.userKeyBytes(entry.getKey()),
                            serializer.valueBytes(entry.getValue())));
                }
            } else {
                consumer.accept(new StateEntry(name, keyGroup, key, null, serializer.valueBytes(stored)));
            }
        }
    }

    /**
     * Object states are serialized now (with their full-snapshot TTL cleanup), numeric columns
     * copied; the writer builds the Arrow tables from those copies.
     */
    @Override
    public SnapshotWriter snapshot(long checkpointId, Path directory) throws IOException {
        long now = clock.currentTimestamp();
        List<StateEntry> objectEntries = new ArrayList<>();
        for (Registered state : registeredStates()) {
            Ttl ttl = state.ttl();
            boolean dropExpired = ttl.enabled() && ttl.config().isCleanupInFullSnapshot();
            forEachObjectEntry(state, entry -> {
                if (!dropExpired || !expired(state, entry, now)) {
                    objectEntries.add(entry);
                }
            });
        }
        forEachPendingEntry(objectEntries::add);
        forEachTimerEntry(objectEntries::add);
        ColumnArrays.Captured capturedColumns = columns.capture();
        SnapshotMetadata metadata = new SnapshotMetadata(keyType, maxParallelism, allMetas());
        Path file = directory.resolve("keyed-" + keyGroupRange.startKeyGroup() + "-" + keyGroupRange.endKeyGroup()
                + ".columnar");
        return () -> {
            SectionedSnapshots.write(file, ArrowSectionCodec.INSTANCE, metadata, keyGroupRange, objectEntries::forEach,
                    capturedColumns.byKeyGroup());
            return new SnapshotHandle(StateBackendKind.COLUMNAR, checkpointId, keyGroupRange, file);
        };
    }

    /** Whether a serialized entry has expired (list entries are kept: their elements expire one by one on read). */
    private static boolean expired(Registered state, StateEntry entry, long now) {
        if (state.serializer().meta().kind() == StateMeta.Kind.LIST) {
            return false;
        }
        long lastAccess = StoredSerializer.lastAccessOf(entry.value());
        return lastAccess + state.ttl().config().getTtl().toMillis() <= now;
    }

    @Override
    public void close() {
        objectColumns.clear();
    }
}
