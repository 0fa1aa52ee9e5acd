package io.sabot.state.keys;

import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.util.Arrays;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * The keys one subtask has seen, with dense ids 0, 1, 2, … in order of first appearance, each
 * with its key group. A key outside the subtask's key-group range is an error: it was routed to the
 * wrong subtask. Not thread-safe.
 */
public final class KeyDictionary {

    private static final boolean LITTLE_ENDIAN = MemoryUtil.LITTLE_ENDIAN;

    private final KeyType type;
    private final int maxParallelism;
    private final KeyGroupRange range;
    private final Utf8KeyDictionary strings;
    private final LongKeyDictionary integers;
    private int[] keyGroups = new int[1024];
    private int[] entryIds = new int[0]; // per dictionary entry of the current batch: its key id, or -1

    public KeyDictionary(KeyType type, int maxParallelism, KeyGroupRange range) {
        this.type = type;
        this.maxParallelism = maxParallelism;
        this.range = range;
        this.strings = type == KeyType.UTF8 ? new Utf8KeyDictionary() : null;
        this.integers = type == KeyType.UTF8 ? null : new LongKeyDictionary();
    }

    public KeyType type() {
        return type;
    }

    /** Writes the id of every row's key into {@code out}, adding new keys; returns {@link #size()}. */
    public int ids(VectorSchemaRoot batch, KeyColumn column, int[] out) {
        return ids(batch, null, column, out);
    }

    /**
     * Writes the id of every row's key into {@code out}, adding new keys; returns {@link #size()}.
     * {@code dictionaries} holds the batch's dictionaries (for a dictionary-encoded key column).
     */
    public int ids(VectorSchemaRoot batch, DictionaryProvider dictionaries, KeyColumn column, int[] out) {
        if (column.type() != type) {
            throw new IllegalArgumentException("key column '" + column.name() + "' holds " + column.type()
                    + " keys, the state is keyed by " + type);
        }
        int rows = batch.getRowCount();
        if (column instanceof DictionaryKeyColumn encoded) {
            // Each entry the batch uses is looked up once; every row then only reads its index.
            VarCharVector strings = encoded.dictionary(dictionaries);
            int entries = strings.getValueCount();
            DictionaryKeyColumn.Indices indices = encoded.indices(batch, entries);
            long offsets = strings.getOffsetBufferAddress();
            long data = strings.getDataBufferAddress();
            long lastFullRead = data + strings.getDataBuffer().capacity() - 8;
            if (entryIds.length < entries) {
                entryIds = new int[Math.max(entries, entryIds.length * 2)];
            }
            Arrays.fill(entryIds, 0, entries, -1);
            for (int row = 0; row < rows; row++) {
                int entry = indices.at(row);
                int id = entryIds[entry];
                if (id < 0) {
                    id = utf8Id(offsets, data, lastFullRead, entry);
                    entryIds[entry] = id;
                }
                out[row] = id;
            }
        } else if (type == KeyType.UTF8) {
            VarCharVector vector = (VarCharVector) batch.getVector(column.name());
            boolean mayHaveNulls = vector.getNullCount() > 0;
            long offsets = vector.getOffsetBufferAddress();
            long data = vector.getDataBufferAddress();
            long lastFullRead = data + vector.getDataBuffer().capacity() - 8;
            for (int row = 0; row < rows; row++) {
                if (mayHaveNulls && vector.isNull(row)) {
                    throw KeyColumn.nullKey(column.name(), row);
                }
                out[row] = utf8Id(offsets, data, lastFullRead, row);
            }
        } else {
            IntegerKeyColumn integerColumn = (IntegerKeyColumn) column;
            BaseIntVector vector = (BaseIntVector) batch.getVector(column.name());
            for (int row = 0; row < rows; row++) {
                long value = integerColumn.valueAt(vector, row);
                int before = integers.size();
                int id = integers.idOf(value);
                if (id == before) {
                    added(id, type == KeyType.INT64 ? Long.hashCode(value) : Integer.hashCode((int) value));
                }
                out[row] = id;
            }
        }
        return size();
    }

    /**
     * The id of value {@code index} of a utf8 vector (its offset and data buffers' addresses, and
     * the last address an 8-byte read may start at), adding it if new.
     */
    private int utf8Id(long offsets, long data, long lastFullRead, int index) {
        int start = MemoryUtil.getInt(offsets + 4L * index);
        int length = MemoryUtil.getInt(offsets + 4L * index + 4) - start;
        long address = data + start;
        int id = -1;
        if (length <= 8) {
            // A short key is read with one 8-byte load (masked) unless that would read past the buffer.
            long packed = LITTLE_ENDIAN && address <= lastFullRead
                    ? MemoryUtil.getLong(address) & (length == 8 ? -1L : (1L << (8 * length)) - 1)
                    : Utf8KeyDictionary.pack(address, length);
            id = strings.findShort(packed, length);
        }
        if (id < 0) {
            // New (or long) key: the full path, with the Java hash its key group needs.
            int hash = Utf8Hash.javaStringHashCode(address, length);
            int before = strings.size();
            id = strings.idOf(address, length, hash);
            if (id == before) {
                added(id, hash);
            }
        }
        return id;
    }

    /** The id of {@code key} (a String, Integer or Long), adding it if new. */
    public int idOf(Object key) {
        int before = size();
        int id = type == KeyType.UTF8 ? strings.idOf((String) key)
                : integers.idOf(type == KeyType.INT64 ? (Long) key : (long) (Integer) key);
        if (id == before) {
            added(id, key.hashCode());
        }
        return id;
    }

    public int size() {
        return type == KeyType.UTF8 ? strings.size() : integers.size();
    }

    /** Key {@code id} as its Java value. */
    public Object key(int id) {
        if (type == KeyType.UTF8) {
            return strings.key(id);
        }
        long value = integers.key(id);
        return type == KeyType.INT64 ? (Object) value : (Object) (int) value;
    }

    /** Key {@code id} as written in state. */
    public byte[] keyBytes(int id) {
        return type == KeyType.UTF8 ? strings.bytes(id) : type.toBytes(key(id));
    }

    public int keyGroup(int id) {
        return keyGroups[id];
    }

    /** Forgets every key; ids start again at 0. */
    public void clear() {
        if (strings != null) {
            strings.clear();
        } else {
            integers.clear();
        }
    }

    private void added(int id, int hash) {
        int keyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, maxParallelism);
        if (!range.contains(keyGroup)) {
            throw new IllegalStateException("key '" + key(id) + "' (key group " + keyGroup
                    + ") does not belong to this subtask's key groups " + range + ": it was routed to the wrong subtask");
        }
        if (id == keyGroups.length) {
            keyGroups = Arrays.copyOf(keyGroups, id * 2);
        }
        keyGroups[id] = keyGroup;
    }
}
