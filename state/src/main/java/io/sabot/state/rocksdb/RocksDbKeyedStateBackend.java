package io.sabot.state.rocksdb;

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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
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
 * Numeric columns are accessed per batch, not per row, and all of them as one value per key:
 * binding a batch loads its distinct keys with one multiGet, finishing it writes them back in one
 * WriteBatch, however many columns there are.
 */
public final class RocksDbKeyedStateBackend extends AbstractKeyedStateBackend {

    private final RocksDbInstance instance;
    private final RocksDbSnapshots snapshots = new RocksDbSnapshots();
    private final Map<String, StateMeta> restoredMetas = new LinkedHashMap<>();
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Map<String, RocksDbTimerQueue> timerQueues = new LinkedHashMap<>();
    private final ColumnLayout layout;
    private final KeyDictionary batchKeys;
    private final DistinctKeyEstimator seenKeys = new DistinctKeyEstimator();
    private byte[][] batchPrefixes = new byte[0][];
    private int batchSize = -1;
    private byte[] currentPrefix;
    private Object currentKey;

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
            RocksDbInstance.deleteRecursively(workingDirectory);
            RocksDbSnapshots.Manifest manifest = RocksDbSnapshots.download(restoreFrom.get(0), workingDirectory);
            manifest.metadata().checkRestorableInto(restoreFrom.get(0).path(), keyType, maxParallelism);
            this.instance = RocksDbInstance.openExisting(workingDirectory, settings);
            this.layout = ColumnLayout.read(instance);
            snapshots.remember(restoreFrom.get(0).path(), manifest);
            manifest.metadata().states().forEach(this::restoredMeta);
        } else {
            this.instance = RocksDbInstance.createFresh(workingDirectory, settings);
            this.layout = ColumnLayout.read(instance);
            try {
                for (SnapshotHandle handle : restoreFrom) {
                    copyKeyGroupsFrom(handle, settings);
                }
            } catch (IOException | RuntimeException e) {
                instance.close();
                throw e;
            }
        }
    }

    /** Rescaling: copies the entries of this subtask's key groups out of another subtask's snapshot. */
    private void copyKeyGroupsFrom(SnapshotHandle handle, RocksDbSettings settings) throws IOException {
        Path scratch = instance.directory().resolveSibling(instance.directory().getFileName() + "-restore");
        RocksDbInstance.deleteRecursively(scratch);
        RocksDbSnapshots.Manifest manifest = RocksDbSnapshots.download(handle, scratch);
        manifest.metadata().checkRestorableInto(handle.path(), keyType, maxParallelism);
        try (RocksDbInstance source = RocksDbInstance.openExisting(scratch, settings)) {
            byte[] from = RocksDbKeys.keyGroupStart(keyGroupRange.startKeyGroup());
            byte[] to = keyGroupRange.endKeyGroup() + 1 < 65536 ? RocksDbKeys.keyGroupStart(keyGroupRange.endKeyGroup() + 1) : null;
            manifest.metadata().states().forEach(this::restoredMeta);
            copyColumns(source, from, to, handle);
            for (StateMeta meta : manifest.metadata().states()) {
                ColumnFamilyHandle sourceFamily = source.existingFamily(meta.name());
                if (sourceFamily == null) {
                    continue;
                }
                if (meta.kind() == StateMeta.Kind.DOUBLE_COLUMN || meta.kind() == StateMeta.Kind.LONG_COLUMN) {
                    continue; // copied with the columns family
                }
                ColumnFamilyHandle target = instance.family(meta.name(), 0);
                if (meta.kind() == StateMeta.Kind.TIMERS) {
                    copyTimers(source, sourceFamily, target, handle);
                    continue;
                }
                try (RocksIterator iterator = source.db().newIterator(sourceFamily);
                     WriteBatch batch = new WriteBatch()) {
                    for (iterator.seek(from); iterator.isValid(); iterator.next()) {
                        byte[] key = iterator.key();
                        if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                            break;
                        }
                        batch.put(target, key, iterator.value());
                    }
                    instance.db().write(instance.writeOptions(), batch);
                } catch (RocksDBException e) {
                    throw RocksDbInstance.error("cannot copy state '" + meta.name() + "' from " + handle.path(), e);
                }
            }
        } finally {
            RocksDbInstance.deleteRecursively(scratch);
        }
    }

    /** Copies the packed column values of our key groups, re-slotted from the source's layout into ours. */
    private void copyColumns(RocksDbInstance source, byte[] from, byte[] to, SnapshotHandle handle) throws IOException {
        ColumnFamilyHandle sourceFamily = source.existingFamily(COLUMNS_FAMILY);
        if (sourceFamily == null) {
            return;
        }
        List<String> sourceNames = ColumnLayout.read(source).names();
        int[] target = new int[sourceNames.size()];
        for (int slot = 0; slot < target.length; slot++) {
            target[slot] = layout.slotOf(sourceNames.get(slot));
        }
        int width = 8 * layout.size();
        ColumnFamilyHandle family = columnsFamily();
        try (RocksIterator iterator = source.db().newIterator(sourceFamily);
             WriteBatch batch = new WriteBatch()) {
            for (iterator.seek(from); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                    break;
                }
                byte[] value = iterator.value();
                byte[] bytes = new byte[width];
                for (int slot = 0; slot < target.length && 8 * (slot + 1) <= value.length; slot++) {
                    System.arraycopy(value, 8 * slot, bytes, 8 * target[slot], 8);
                }
                batch.put(family, key, bytes);
            }
            instance.db().write(instance.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot copy the columns from " + handle.path(), e);
        }
    }

    /** Timers are ordered by time, not key group: copy those whose key group (bytes 8-9) is ours. */
    private void copyTimers(RocksDbInstance source, ColumnFamilyHandle from, ColumnFamilyHandle to, SnapshotHandle handle)
            throws IOException {
        try (RocksIterator iterator = source.db().newIterator(from);
             WriteBatch batch = new WriteBatch()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                if (keyGroupRange.contains(((key[8] & 0xff) << 8) | (key[9] & 0xff))) {
                    batch.put(to, key, iterator.value());
                }
            }
            instance.db().write(instance.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot copy timers from " + handle.path(), e);
        }
    }

    private void restoredMeta(StateMeta meta) {
        StateMeta known = restoredMetas.putIfAbsent(meta.name(), meta);
        if (known != null) {
            known.checkCompatible(meta);
        }
        addRestored(meta, List.of()); // the entries are already in RocksDB; only the metadata is checked later
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
        loadColumns();
        return size;
    }

    @Override
    public void finishBatch() throws IOException {
        if (batchSize < 0 || columns.isEmpty()) {
            batchSize = -1;
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            storeColumns(batch);
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
        currentKey = batchKeys.key(keyId);
    }

    @Override
    public void setCurrentKeyObject(Object key) {
        int keyGroup = keyType.keyGroupOf(key, maxParallelism);
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalStateException("key '" + key + "' (key group " + keyGroup
                    + ") does not belong to this subtask's key groups " + keyGroupRange);
        }
        currentPrefix = RocksDbKeys.prefix(keyGroup, keyType.toBytes(key));
        currentKey = key;
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
            StateMeta restored = restoredMetas.get(name);
            if (timerQueues.containsKey(name) || (restored != null && restored.kind() == StateMeta.Kind.TIMERS)) {
                timerQueue(name).forEachEntry(consumer);
            } else if (!name.equals(COLUMNS_FAMILY)) {
                forEachEntryOf(name, consumer);
            }
        }
        forEachColumnValue(consumer);
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

    @Override
    protected List<StateMeta> allMetas() {
        Map<String, StateMeta> metas = new LinkedHashMap<>(restoredMetas);
        super.allMetas().forEach(m -> metas.put(m.name(), m));
        return new ArrayList<>(metas.values());
    }

    // --- columns ---

    /** Where every numeric column lives: one value per key, an 8-byte slot per column (see {@link ColumnLayout}). */
    static final String COLUMNS_FAMILY = "__columns";

    /** A numeric column: its slots (one per element) and the values of the bound batch's keys. */
    private static final class Column {
        final String name;
        final int[] slots;
        final boolean isDouble;
        final double doubleDefault;
        final long longDefault;
        double[] doubles = new double[0]; // slots.length values per key id
        long[] longs = new long[0];

        Column(String name, int[] slots, boolean isDouble, double doubleDefault, long longDefault) {
            this.name = name;
            this.slots = slots;
            this.isDouble = isDouble;
            this.doubleDefault = doubleDefault;
            this.longDefault = longDefault;
        }

        int width() {
            return slots.length;
        }

        String element(int index) {
            return StateMeta.columnElement(name, width(), index);
        }

        StateMeta meta(int index) {
            return StateMeta.column(element(index), isDouble ? StateMeta.Kind.DOUBLE_COLUMN : StateMeta.Kind.LONG_COLUMN);
        }

        void ensure(int size) {
            int needed = size * width();
            if (isDouble && doubles.length < needed) {
                doubles = new double[Math.max(needed, doubles.length * 2)];
            } else if (!isDouble && longs.length < needed) {
                longs = new long[Math.max(needed, longs.length * 2)];
            }
        }

        /** Reads this column's slots of a stored value (the default where the value is absent or shorter). */
        void read(int id, byte[] value) {
            for (int i = 0; i < slots.length; i++) {
                int offset = 8 * slots[i];
                boolean present = value != null && value.length >= offset + 8;
                if (isDouble) {
                    doubles[id * slots.length + i] = present ? (double) DOUBLE_AT.get(value, offset) : doubleDefault;
                } else {
                    longs[id] = present ? (long) LONG_AT.get(value, offset) : longDefault;
                }
            }
        }

        void write(int id, byte[] value) {
            for (int i = 0; i < slots.length; i++) {
                if (isDouble) {
                    DOUBLE_AT.set(value, 8 * slots[i], doubles[id * slots.length + i]);
                } else {
                    LONG_AT.set(value, 8 * slots[i], longs[id]);
                }
            }
        }
    }

    /** Big-endian 8-byte values in a byte array, as {@code ByteBuffer} writes them, without wrapping one per value. */
    private static final VarHandle DOUBLE_AT = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The stored values of the bound batch's keys: slots of columns not registered yet are written back as read. */
    private byte[][] loadedValues = new byte[0][];

    private ColumnFamilyHandle columnsFamily() throws IOException {
        return instance.family(COLUMNS_FAMILY, 0);
    }

    /** One multiGet for all columns of the batch's keys. */
    private void loadColumns() throws IOException {
        if (columns.isEmpty()) {
            return;
        }
        List<byte[]> values;
        try {
            values = instance.db().multiGetAsList(instance.readOptions(), Collections.nCopies(batchSize, columnsFamily()),
                    Arrays.asList(batchPrefixes).subList(0, batchSize));
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot read columns from RocksDB in " + instance.directory(), e);
        }
        if (loadedValues.length < batchSize) {
            loadedValues = new byte[Math.max(batchSize, loadedValues.length * 2)][];
        }
        for (Column column : columns.values()) {
            column.ensure(batchSize);
        }
        for (int id = 0; id < batchSize; id++) {
            byte[] value = values.get(id);
            loadedValues[id] = value;
            for (Column column : columns.values()) {
                column.read(id, value);
            }
        }
    }

    /** One put per key with every slot, in one WriteBatch. */
    private void storeColumns(WriteBatch batch) throws RocksDBException, IOException {
        if (columns.isEmpty()) {
            return;
        }
        ColumnFamilyHandle family = columnsFamily();
        int width = 8 * layout.size();
        for (int id = 0; id < batchSize; id++) {
            byte[] bytes = new byte[width];
            byte[] old = loadedValues[id];
            if (old != null) {
                System.arraycopy(old, 0, bytes, 0, Math.min(old.length, width));
            }
            for (Column column : columns.values()) {
                column.write(id, bytes);
            }
            batch.put(family, batchPrefixes[id], bytes);
        }
    }

    private Column column(String name, int width, boolean isDouble, double doubleDefault, long longDefault) {
        Column column = columns.get(name);
        if (column != null) {
            if (column.width() != width) {
                throw new IllegalArgumentException("column '" + name + "' is " + column.width() + " values wide, not " + width);
            }
            return column;
        }
        if (width < 1) {
            throw new IllegalArgumentException("a column must be at least one value wide, was " + width);
        }
        try {
            for (int i = 0; i < width; i++) {
                String element = StateMeta.columnElement(name, width, i);
                checkNameFree(element, true);
                if (columnElements.containsKey(element)) { // a column named like another's element
                    throw new IllegalArgumentException("column state '" + element + "' is already registered");
                }
            }
            int[] slots = new int[width];
            for (int i = 0; i < width; i++) {
                slots[i] = layout.slotOf(StateMeta.columnElement(name, width, i));
            }
            column = new Column(name, slots, isDouble, doubleDefault, longDefault);
            columns.put(name, column);
            for (int i = 0; i < width; i++) {
                columnElements.put(column.element(i), new ColumnElement(column, i));
                writeColumnEntries(column, i, takePending(column.element(i), column.meta(i)));
            }
            if (batchSize >= 0) {
                loadColumns(); // registered in the middle of a batch
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return column;
    }

    /** Element {@code index} of a column: the state a snapshot holds it as. */
    private record ColumnElement(Column column, int index) {}

    /** The columns' elements by state name. */
    private final Map<String, ColumnElement> columnElements = new HashMap<>();

    /** Writes restored entries of one column into the keys' packed values (read, modify, write). */
    private void writeColumnEntries(Column column, int index, List<StateEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        ColumnFamilyHandle family = columnsFamily();
        int width = 8 * layout.size();
        try (WriteBatch batch = new WriteBatch()) {
            Map<ByteBuffer, byte[]> updated = new HashMap<>();
            for (StateEntry entry : entries) {
                byte[] key = RocksDbKeys.prefix(entry.keyGroup(), entry.key());
                byte[] old = updated.computeIfAbsent(ByteBuffer.wrap(key), k -> {
                    try {
                        return instance.db().get(family, instance.readOptions(), key);
                    } catch (RocksDBException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
                byte[] bytes = new byte[width];
                if (old != null) {
                    System.arraycopy(old, 0, bytes, 0, Math.min(old.length, width));
                }
                System.arraycopy(entry.value(), 0, bytes, 8 * column.slots[index], 8);
                updated.put(ByteBuffer.wrap(key), bytes);
            }
            for (Map.Entry<ByteBuffer, byte[]> e : updated.entrySet()) {
                batch.put(family, e.getKey().array(), e.getValue());
            }
            instance.db().write(instance.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot write restored column '" + column.element(index) + "' to RocksDB", e);
        }
    }

    @Override
    public DoubleColumnState doubleColumns(String name, int width, double defaultValue) {
        Column column = column(name, width, true, defaultValue, 0);
        return () -> column.doubles;
    }

    @Override
    public LongColumnState longColumn(String name, long defaultValue) {
        Column column = column(name, 1, false, 0, defaultValue);
        return () -> column.longs;
    }

    /** Numeric columns and timer queues: the states that are not object states. */
    @Override
    protected List<StateMeta> columnMetas() {
        List<StateMeta> metas = new ArrayList<>();
        columns.values().forEach(c -> {
            for (int i = 0; i < c.width(); i++) {
                metas.add(c.meta(i));
            }
        });
        timerQueues.keySet().forEach(name -> metas.add(StateMeta.timers(name)));
        return metas;
    }

    @Override
    protected void forEachColumnEntry(Consumer<StateEntry> consumer) {
        forEachColumnValue(consumer);
    }

    /** Every column value as an entry of its column's name. */
    private void forEachColumnValue(Consumer<StateEntry> consumer) {
        ColumnFamilyHandle family = instance.existingFamily(COLUMNS_FAMILY);
        if (family == null) {
            return;
        }
        List<String> names = layout.names();
        try (RocksIterator iterator = instance.db().newIterator(family, instance.readOptions())) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                byte[] value = iterator.value();
                for (int slot = 0; slot < names.size() && 8 * (slot + 1) <= value.length; slot++) {
                    consumer.accept(new StateEntry(names.get(slot), RocksDbKeys.keyGroup(key), RocksDbKeys.key(key), null,
                            Arrays.copyOfRange(value, 8 * slot, 8 * slot + 8)));
                }
            }
        }
    }

    @Override
    protected void applyIfRegistered(String name) throws IOException {
        applyPendingObjectState(name);
        ColumnElement element = columnElements.get(name);
        if (element != null) {
            writeColumnEntries(element.column(), element.index(), takePending(name, element.column().meta(element.index())));
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
            checkNameFree(name, true);
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
            RocksDbInstance.deleteRecursively(directory);
        } catch (IOException e) {
            // a leftover working directory is wiped by the next run that uses it
        }
    }
}
