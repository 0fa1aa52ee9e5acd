package io.sabot.state.rocksdb;

import io.sabot.state.files.FileTrees;
import io.sabot.state.api.ColumnarStateStore.LongColumnState;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.backend.RocksDbSettings;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.SnapshotWriter;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.backend.TimerQueue;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.internal.TimerEntries;
import io.sabot.state.internal.AbstractKeyedStateBackend;
import io.sabot.state.internal.MapStorage;
import io.sabot.state.internal.StoredSerializer;
import io.sabot.state.internal.ValueStorage;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.keys.DistinctKeyEstimator;
import io.sabot.state.keys.KeyDictionary;
import io.sabot.state.keys.KeyType;
import io.sabot.state.snapshot.SnapshotMetadata;
import io.sabot.state.ttl.Ttl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Keyed state in one RocksDB instance per subtask: a column family per state, keys laid out as
 * {@link RocksDbKeys} describes, values in their stored form. State can be larger than memory.
 * Numeric columns are accessed per batch, not per row ({@link RocksDbColumns}): binding a batch
 * loads its distinct keys' columns with one multiGet, finishing it writes them back in one WriteBatch.
 */
public final class RocksDbKeyedStateBackend extends AbstractKeyedStateBackend {

    private final RocksDbInstance instance;
    private final RocksDbSnapshots snapshots = new RocksDbSnapshots();
    private final Map<String, RocksDbTimerQueue> timerQueues = new LinkedHashMap<>();
    private final RocksDbColumns columns;
    private final KeyDictionary batchKeys;
    private final DistinctKeyEstimator seenKeys = new DistinctKeyEstimator();
    private byte[][] batchPrefixes = new byte[0][];
    private int batchSize = -1;
    private byte[] currentPrefix;

    /** The files of a snapshot this backend wrote: its manifest, its own files and the shared SST files it uses. */
    public static List<Path> snapshotFiles(SnapshotHandle handle) throws IOException {
        return RocksDbSnapshots.files(handle);
    }

    /** Checks a snapshot this backend wrote before restoring from it (see {@link RocksDbSnapshots#verify}). */
    public static void verifySnapshot(SnapshotHandle handle) throws IOException {
        RocksDbSnapshots.verify(handle);
    }

    public RocksDbKeyedStateBackend(KeyType keyType, int maxParallelism, KeyGroupRange keyGroupRange,
                                    TtlTimeProvider clock, RocksDbSettings settings, Path workingDirectory,
                                    List<SnapshotHandle> restoreFrom) throws IOException {
        super(keyType, maxParallelism, keyGroupRange, clock);
        this.batchKeys = new KeyDictionary(keyType, maxParallelism, keyGroupRange);
        for (SnapshotHandle handle : restoreFrom) {
            if (handle.kind() != StateBackendKind.ROCKSDB) {
                throw new IllegalArgumentException("the RocksDB backend cannot restore a " + handle.kind().id()
                        + " snapshot (" + handle.path() + "): export it and import it instead");
            }
        }
        if (restoreFrom.size() == 1 && restoreFrom.get(0).keyGroups().equals(keyGroupRange)) {
            // Same key groups: the snapshot's files become this instance as they are.
            FileTrees.deleteRecursively(workingDirectory);
            RocksDbSnapshots.Manifest manifest = RocksDbSnapshots.download(restoreFrom.get(0), workingDirectory);
            manifest.metadata().checkRestorableInto(restoreFrom.get(0).path(), keyType, maxParallelism);
            this.instance = RocksDbInstance.openExisting(workingDirectory, settings);
            this.columns = new RocksDbColumns(instance);
            snapshots.remember(restoreFrom.get(0).path(), manifest);
            manifest.metadata().states().forEach(this::restoredMeta);
        } else {
            this.instance = RocksDbInstance.createFresh(workingDirectory, settings);
            this.columns = new RocksDbColumns(instance);
            try {
                RocksDbRescaling rescaling = new RocksDbRescaling(instance, columns, keyGroupRange);
                for (SnapshotHandle handle : restoreFrom) {
                    rescaling.copyFrom(handle, settings, keyType, maxParallelism).forEach(this::restoredMeta);
                }
            } catch (IOException | RuntimeException e) {
                instance.close();
                throw e;
            }
        }
    }

    /** A state of a restored snapshot: its entries are in RocksDB already, its metadata is checked on registration. */
    private void restoredMeta(StateMeta meta) {
        addRestored(meta, List.of());
    }

    @Override
    public StateBackendKind kind() {
        return StateBackendKind.ROCKSDB;
    }

    // --- keys and batches ---

    @Override
    public int bindBatch(VectorSchemaRoot batch, DictionaryProvider dictionaries, KeyColumn column, int[] ids)
            throws IOException {
        batchKeys.clear();
        int size = batchKeys.ids(batch, dictionaries, column, ids);
        if (batchPrefixes.length < size) {
            batchPrefixes = new byte[Math.max(size, batchPrefixes.length * 2)][];
        }
        for (int id = 0; id < size; id++) {
            byte[] key = batchKeys.keyBytes(id);
            seenKeys.add(key);
            batchPrefixes[id] = RocksDbKeys.prefix(batchKeys.keyGroup(id), key);
        }
        batchSize = size;
        columns.load(batchPrefixes, size);
        return size;
    }

    @Override
    public void finishBatch() throws IOException {
        if (batchSize < 0 || columns.isEmpty()) {
            batchSize = -1;
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            columns.store(batch, batchPrefixes, batchSize);
            instance.db().write(instance.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot write state to RocksDB in " + instance.directory(), e);
        } finally {
            batchSize = -1;
        }
    }

    @Override
    public void setCurrentKey(int keyId) {
        if (keyId >= Math.max(batchSize, 0)) {
            throw new IllegalArgumentException("key id " + keyId + " is not in the bound batch");
        }
        currentPrefix = batchPrefixes[keyId];
    }

    @Override
    public void setCurrentKeyObject(Object key) {
        int keyGroup = keyType.keyGroupOf(key, maxParallelism);
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalStateException("key '" + key + "' (key group " + keyGroup
                    + ") does not belong to this subtask's key groups " + keyGroupRange);
        }
        currentPrefix = RocksDbKeys.prefix(keyGroup, keyType.toBytes(key));
    }

    /** Distinct keys bound since this backend started (a HyperLogLog estimate, ~1%). */
    @Override
    public long keyCount() {
        return seenKeys.estimate();
    }

    @Override
    public Object key(int keyId) {
        return batchKeys.key(keyId);
    }

    private byte[] currentPrefix() {
        if (currentPrefix == null) {
            throw new IllegalStateException("keyed state was used outside of a keyed context (no current key)");
        }
        return currentPrefix;
    }

    // --- object states ---

    private ColumnFamilyHandle family(StoredSerializer serializer, Ttl ttl) {
        boolean compactionCleanup = ttl.enabled() && ttl.config().isCleanupInRocksdbCompactFilter();
        int seconds = compactionCleanup ? (int) Math.max(1, (ttl.config().getTtl().toMillis() + 999) / 1000) : 0;
        try {
            return instance.family(serializer.meta().name(), seconds);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    protected ValueStorage valueStorage(StoredSerializer serializer, Ttl ttl) {
        ColumnFamilyHandle family = family(serializer, ttl);
        return new ValueStorage() {
            @Override
            public Object get() throws RocksDBException {
                byte[] bytes = instance.db().get(family, instance.readOptions(), currentPrefix());
                return bytes == null ? null : serializer.valueFromBytes(bytes);
            }

            @Override
            public void put(Object stored) throws RocksDBException {
                instance.db().put(family, instance.writeOptions(), currentPrefix(), serializer.valueBytes(stored));
            }

            @Override
            public void remove() throws RocksDBException {
                instance.db().delete(family, instance.writeOptions(), currentPrefix());
            }
        };
    }

    @Override
    protected MapStorage mapStorage(StoredSerializer serializer, Ttl ttl) {
        ColumnFamilyHandle family = family(serializer, ttl);
        return new MapStorage() {
            @Override
            public Object get(Object userKey) throws RocksDBException {
                byte[] bytes = instance.db().get(family, instance.readOptions(),
                        RocksDbKeys.withUserKey(currentPrefix(), serializer.userKeyBytes(userKey)));
                return bytes == null ? null : serializer.valueFromBytes(bytes);
            }

            @Override
            public void put(Object userKey, Object stored) throws RocksDBException {
                instance.db().put(family, instance.writeOptions(),
                        RocksDbKeys.withUserKey(currentPrefix(), serializer.userKeyBytes(userKey)), serializer.valueBytes(stored));
            }

            @Override
            public void remove(Object userKey) throws RocksDBException {
                instance.db().delete(family, instance.writeOptions(),
                        RocksDbKeys.withUserKey(currentPrefix(), serializer.userKeyBytes(userKey)));
            }

            @Override
            public List<Map.Entry<Object, Object>> entries() {
                byte[] prefix = currentPrefix();
                List<Map.Entry<Object, Object>> entries = new ArrayList<>();
                try (RocksIterator iterator = instance.db().newIterator(family, instance.readOptions())) {
                    for (iterator.seek(prefix); iterator.isValid() && RocksDbKeys.startsWith(iterator.key(), prefix); iterator.next()) {
                        byte[] userKey = Arrays.copyOfRange(iterator.key(), prefix.length, iterator.key().length);
                        entries.add(new AbstractMap.SimpleImmutableEntry<>(serializer.userKeyFromBytes(userKey),
                                serializer.valueFromBytes(iterator.value())));
                    }
                }
                return entries;
            }

            @Override
            public void clear() throws RocksDBException {
                byte[] prefix = currentPrefix();
                instance.db().deleteRange(family, instance.writeOptions(), prefix, RocksDbKeys.after(prefix));
            }
        };
    }

    @Override
    protected void restoreObjectState(StoredSerializer serializer, List<StateEntry> entries) throws IOException {
        writeEntries(instance.existingFamily(serializer.meta().name()), entries);
    }

    private void writeEntries(ColumnFamilyHandle family, List<StateEntry> entries) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            for (StateEntry entry : entries) {
                byte[] prefix = RocksDbKeys.prefix(entry.keyGroup(), entry.key());
                batch.put(family, entry.userKey() == null ? prefix : RocksDbKeys.withUserKey(prefix, entry.userKey()), entry.value());
            }
            instance.db().write(instance.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot write restored state to RocksDB in " + instance.directory(), e);
        }
    }

    @Override
    protected void forEachObjectEntry(Registered state, Consumer<StateEntry> consumer) {
        forEachEntryOf(state.serializer().meta().name(), consumer);
    }

    /** Every entry of every state, registered or only restored. */
    @Override
    protected void forEachEntry(Consumer<StateEntry> consumer) {
        for (String name : instance.familyNames()) {
            StateMeta restored = restoredMeta(name);
            if (timerQueues.containsKey(name) || (restored != null && restored.kind() == StateMeta.Kind.TIMERS)) {
                timerQueue(name).forEachEntry(consumer);
            } else if (!name.equals(RocksDbColumns.FAMILY)) {
                forEachEntryOf(name, consumer);
            }
        }
        columns.forEachValue(consumer);
    }

    private void forEachEntryOf(String name, Consumer<StateEntry> consumer) {
        ColumnFamilyHandle family = instance.existingFamily(name);
        try (RocksIterator iterator = instance.db().newIterator(family, instance.readOptions())) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                consumer.accept(new StateEntry(name, RocksDbKeys.keyGroup(key), RocksDbKeys.key(key),
                        RocksDbKeys.userKey(key), iterator.value()));
            }
        }
    }

    // --- columns (kept by RocksDbColumns) ---

    private RocksDbColumns.Column column(String name, int width, boolean isDouble, double doubleDefault,
                                         long longDefault) {
        RocksDbColumns.Column column = columns.find(name, width);
        if (column != null) {
            return column;
        }
        for (int i = 0; i < width; i++) {
            checkNameFree(StateMeta.columnElement(name, width, i));
        }
        try {
            column = columns.add(name, width, isDouble, doubleDefault, longDefault);
            for (int i = 0; i < width; i++) {
                columns.restore(column, i, takePending(column.element(i), column.meta(i)));
            }
            if (batchSize >= 0) {
                columns.load(batchPrefixes, batchSize); // registered in the middle of a batch
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return column;
    }

    @Override
    public DoubleColumnState doubleColumns(String name, int width, double defaultValue) {
        RocksDbColumns.Column column = column(name, width, true, defaultValue, 0);
        return () -> column.doubles;
    }

    @Override
    public LongColumnState longColumn(String name, long defaultValue) {
        RocksDbColumns.Column column = column(name, 1, false, 0, defaultValue);
        return () -> column.longs;
    }

    /** Numeric columns and timer queues: the states that are not object states. */
    @Override
    protected List<StateMeta> columnMetas() {
        List<StateMeta> metas = columns.metas();
        timerQueues.keySet().forEach(name -> metas.add(StateMeta.timers(name)));
        return metas;
    }

    @Override
    protected void forEachColumnEntry(Consumer<StateEntry> consumer) {
        columns.forEachValue(consumer);
    }

    @Override
    protected void applyIfRegistered(String name) throws IOException {
        applyPendingObjectState(name);
        RocksDbColumns.Element element = columns.element(name);
        if (element != null) {
            columns.restore(element.column(), element.index(), takePending(name, element.column().meta(element.index())));
        }
        RocksDbTimerQueue queue = timerQueues.get(name);
        if (queue != null) {
            addTimers(queue, takePending(name, StateMeta.timers(name)));
        }
    }

    // --- timers ---

    @Override
    public TimerQueue timers(String name) {
        if (!timerQueues.containsKey(name)) {
            checkNameFree(name);
            RocksDbTimerQueue queue = timerQueue(name);
            timerQueues.put(name, queue);
            addTimers(queue, takePending(name, StateMeta.timers(name)));
        }
        return timerQueues.get(name);
    }

    /** Adds restored timers, each for its own key; the current key is left as it was. */
    private void addTimers(RocksDbTimerQueue queue, List<StateEntry> entries) {
        byte[] saved = currentPrefix;
        try {
            for (StateEntry entry : entries) {
                currentPrefix = RocksDbKeys.prefix(entry.keyGroup(), entry.key());
                queue.add(TimerEntries.timestamp(entry), TimerEntries.namespace(entry));
            }
        } finally {
            currentPrefix = saved;
        }
    }

    private RocksDbTimerQueue timerQueue(String name) {
        RocksDbTimerQueue queue = timerQueues.get(name);
        if (queue != null) {
            return queue;
        }
        try {
            return new RocksDbTimerQueue(name, instance, instance.family(name, 0), keyType, this::currentPrefix);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // --- snapshots ---

    @Override
    public SnapshotWriter snapshot(long checkpointId, Path directory) throws IOException {
        if (batchSize >= 0) {
            throw new IllegalStateException("a snapshot cannot be taken while a batch is bound");
        }
        List<ColumnFamilyHandle> families = new ArrayList<>();
        instance.familyNames().forEach(n -> families.add(instance.existingFamily(n)));
        return snapshots.snapshot(instance, families, checkpointId, directory, keyGroupRange,
                new SnapshotMetadata(keyType, maxParallelism, allMetas()));
    }

    /** Runs a manual compaction (tests use it to watch the TTL compaction filter drop expired entries). */
    public void compact() throws IOException {
        try {
            for (String name : instance.familyNames()) {
                instance.db().compactRange(instance.existingFamily(name));
            }
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("compaction failed in " + instance.directory(), e);
        }
    }

    /** Entries stored for {@code state}, expired or not (what is physically there). */
    public long storedEntries(String state) {
        long[] count = {0};
        if (instance.existingFamily(state) != null) {
            forEachEntryOf(state, e -> count[0]++);
        }
        return count[0];
    }

    @Override
    public void close() {
        Path directory = instance.directory();
        instance.close();
        try {
            FileTrees.deleteRecursively(directory);
        } catch (IOException e) {
            // a leftover working directory is wiped by the next run that uses it
        }
    }
}
