package io.sabot.state.rocksdb;

import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The numeric columns of one RocksDB instance, as one value per key in the column family
 * {@value #FAMILY}: an 8-byte slot per column element, where {@link ColumnLayout} says. A bound batch
 * costs one multiGet ({@link #load}) and one WriteBatch ({@link #store}), however many columns there
 * are; in between, kernels work on the columns' primitive arrays indexed by the batch's key ids.
 */
final class RocksDbColumns {

    static final String FAMILY = "__columns";

    /** Big-endian 8-byte values in a byte array, as {@code ByteBuffer} writes them, without wrapping one per value. */
    private static final VarHandle DOUBLE_AT = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final RocksDbInstance instance;
    private final ColumnLayout layout;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Map<String, Element> elements = new HashMap<>(); // by state name (StateMeta.columnElement)
    /** The stored values of the bound batch's keys: slots of columns not registered yet are written back as read. */
    private byte[][] loadedValues = new byte[0][];

    RocksDbColumns(RocksDbInstance instance) throws IOException {
        this.instance = instance;
        this.layout = ColumnLayout.read(instance);
    }

    /** A numeric column: its slots (one per element) and the values of the bound batch's keys. */
    static final class Column {
        final String name;
        final int[] slots;
        final boolean isDouble;
        final double doubleDefault;
        final long longDefault;
        double[] doubles = new double[0]; // slots.length values per key id
        long[] longs = new long[0];

        private Column(String name, int[] slots, boolean isDouble, double doubleDefault, long longDefault) {
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

        private void ensure(int size) {
            int needed = size * width();
            if (isDouble && doubles.length < needed) {
                doubles = new double[Math.max(needed, doubles.length * 2)];
            } else if (!isDouble && longs.length < needed) {
                longs = new long[Math.max(needed, longs.length * 2)];
            }
        }

        /** Reads this column's slots of a stored value (the default where the value is absent or shorter). */
        private void read(int id, byte[] value) {
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

        private void write(int id, byte[] value) {
            for (int i = 0; i < slots.length; i++) {
                if (isDouble) {
                    DOUBLE_AT.set(value, 8 * slots[i], doubles[id * slots.length + i]);
                } else {
                    LONG_AT.set(value, 8 * slots[i], longs[id]);
                }
            }
        }
    }

    /** Element {@code index} of a column: the state a snapshot holds it as. */
    record Element(Column column, int index) {}

    boolean isEmpty() {
        return columns.isEmpty();
    }

    /** The registered column {@code name}, or null; fails if it is registered with another width. */
    Column find(String name, int width) {
        Column column = columns.get(name);
        if (column != null && column.width() != width) {
            throw new IllegalArgumentException("column '" + name + "' is " + column.width() + " values wide, not " + width);
        }
        return column;
    }

    /** The column element stored as state {@code name}, or null. */
    Element element(String name) {
        return elements.get(name);
    }

    /** Registers a new column (its element names checked free by the backend), giving each element a slot. */
    Column add(String name, int width, boolean isDouble, double doubleDefault, long longDefault) throws IOException {
        if (width < 1) {
            throw new IllegalArgumentException("a column must be at least one value wide, was " + width);
        }
        int[] slots = new int[width];
        for (int i = 0; i < width; i++) {
            slots[i] = layout.slotOf(StateMeta.columnElement(name, width, i));
        }
        Column column = new Column(name, slots, isDouble, doubleDefault, longDefault);
        columns.put(name, column);
        for (int i = 0; i < width; i++) {
            elements.put(column.element(i), new Element(column, i));
        }
        return column;
    }

    /** A meta per element: every element is a column state of its own in snapshots. */
    List<StateMeta> metas() {
        List<StateMeta> metas = new ArrayList<>();
        for (Column column : columns.values()) {
            for (int i = 0; i < column.width(); i++) {
                metas.add(column.meta(i));
            }
        }
        return metas;
    }

    private ColumnFamilyHandle family() throws IOException {
        return instance.family(FAMILY, 0);
    }

    /** Reads every column of the batch's keys ({@code prefixes[0 … size)}) with one multiGet. */
    void load(byte[][] prefixes, int size) throws IOException {
        if (columns.isEmpty()) {
            return;
        }
        List<byte[]> values;
        try {
            values = instance.db().multiGetAsList(instance.readOptions(), Collections.nCopies(size, family()),
                    Arrays.asList(prefixes).subList(0, size));
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot read columns from RocksDB in " + instance.directory(), e);
        }
        if (loadedValues.length < size) {
            loadedValues = new byte[Math.max(size, loadedValues.length * 2)][];
        }
        for (Column column : columns.values()) {
            column.ensure(size);
        }
        for (int id = 0; id < size; id++) {
            byte[] value = values.get(id);
            loadedValues[id] = value;
            for (Column column : columns.values()) {
                column.read(id, value);
            }
        }
    }

    /** Adds one put per key of the loaded batch, with every slot, to {@code batch}. */
    void store(WriteBatch batch, byte[][] prefixes, int size) throws RocksDBException, IOException {
        if (columns.isEmpty()) {
            return;
        }
        ColumnFamilyHandle family = family();
        int width = 8 * layout.size();
        for (int id = 0; id < size; id++) {
            byte[] bytes = new byte[width];
            byte[] old = loadedValues[id];
            if (old != null) {
                System.arraycopy(old, 0, bytes, 0, Math.min(old.length, width));
            }
            for (Column column : columns.values()) {
                column.write(id, bytes);
            }
            batch.put(family, prefixes[id], bytes);
        }
    }

    /** Writes restored entries of element {@code index} of a column into the keys' packed values (read, modify, write). */
    void restore(Column column, int index, List<StateEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        ColumnFamilyHandle family = family();
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

    /**
     * Rescaling: copies the packed values of the keys in {@code [from, to)} (to null: to the end) out of
     * another instance, re-slotted from its layout into ours.
     */
    void copyFrom(RocksDbInstance source, byte[] from, byte[] to, SnapshotHandle handle) throws IOException {
        ColumnFamilyHandle sourceFamily = source.existingFamily(FAMILY);
        if (sourceFamily == null) {
            return;
        }
        List<String> sourceNames = ColumnLayout.read(source).names();
        int[] target = new int[sourceNames.size()];
        for (int slot = 0; slot < target.length; slot++) {
            target[slot] = layout.slotOf(sourceNames.get(slot));
        }
        int width = 8 * layout.size();
        ColumnFamilyHandle family = family();
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

    /** Every stored slot as an entry of its element's state name (exports, snapshots of other kinds). */
    void forEachValue(Consumer<StateEntry> consumer) {
        ColumnFamilyHandle family = instance.existingFamily(FAMILY);
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
}
