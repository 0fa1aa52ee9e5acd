package io.sabot.state.internal;

import io.sabot.state.backend.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.backend.ColumnarStateStore.LongColumnState;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.keys.KeyDictionary;
import io.sabot.state.keys.KeyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Numeric column states as primitive arrays indexed by the subtask's dense key ids (heap and
 * columnar backends): the arrays are the state, kernels read and write them directly.
 */
public final class ColumnArrays {

    private final KeyDictionary keys;
    private final Map<String, DoubleColumn> doubles = new LinkedHashMap<>();
    private final Map<String, LongColumn> longs = new LinkedHashMap<>();
    private int capacity = 1024;

    public ColumnArrays(KeyDictionary keys) {
        this.keys = keys;
    }

    /** The column {@code name}, created with its restored entries (keys added to the dictionary). */
    public DoubleColumnState doubleColumn(String name, double defaultValue, List<StateEntry> restored) {
        DoubleColumn column = doubles.computeIfAbsent(name, n -> new DoubleColumn(defaultValue));
        apply(name, restored);
        return column;
    }

    public LongColumnState longColumn(String name, long defaultValue, List<StateEntry> restored) {
        LongColumn column = longs.computeIfAbsent(name, n -> new LongColumn(defaultValue));
        apply(name, restored);
        return column;
    }

    /** Writes restored entries into column {@code name} (adding their keys to the dictionary). */
    public void apply(String name, List<StateEntry> restored) {
        for (StateEntry entry : restored) {
            int id = idOf(entry.key());
            ensureCapacity(keys.size());
            DoubleColumn doubleColumn = doubles.get(name);
            if (doubleColumn != null) {
                doubleColumn.values[id] = ByteBuffer.wrap(entry.value()).getDouble();
            } else {
                longs.get(name).values[id] = ByteBuffer.wrap(entry.value()).getLong();
            }
        }
    }

    public boolean has(String name) {
        return doubles.containsKey(name) || longs.containsKey(name);
    }

    /** Grows every column so that ids below {@code size} are valid. */
    public void ensureCapacity(int size) {
        if (size <= capacity) {
            return;
        }
        int newCapacity = Math.max(size, capacity * 2);
        doubles.values().forEach(c -> c.grow(newCapacity));
        longs.values().forEach(c -> c.grow(newCapacity));
        capacity = newCapacity;
    }

    public List<StateMeta> metas() {
        List<StateMeta> metas = new ArrayList<>();
        doubles.keySet().forEach(n -> metas.add(StateMeta.column(n, StateMeta.Kind.DOUBLE_COLUMN)));
        longs.keySet().forEach(n -> metas.add(StateMeta.column(n, StateMeta.Kind.LONG_COLUMN)));
        return metas;
    }

    /** A copy of every column and of the keys they are indexed by, for a snapshot taken now. */
    public Captured capture() {
        int size = keys.size();
        byte[][] keyBytes = new byte[size][];
        int[] keyGroups = new int[size];
        for (int id = 0; id < size; id++) {
            keyBytes[id] = keys.keyBytes(id);
            keyGroups[id] = keys.keyGroup(id);
        }
        Map<String, double[]> doubleCopies = new LinkedHashMap<>();
        doubles.forEach((name, c) -> doubleCopies.put(name, Arrays.copyOf(c.values, size)));
        Map<String, long[]> longCopies = new LinkedHashMap<>();
        longs.forEach((name, c) -> longCopies.put(name, Arrays.copyOf(c.values, size)));
        Map<String, Double> doubleDefaults = new LinkedHashMap<>();
        doubles.forEach((name, c) -> doubleDefaults.put(name, c.defaultValue));
        Map<String, Long> longDefaults = new LinkedHashMap<>();
        longs.forEach((name, c) -> longDefaults.put(name, c.defaultValue));
        return new Captured(keyBytes, keyGroups, doubleCopies, longCopies, doubleDefaults, longDefaults, metas());
    }

    public void forEachEntry(Consumer<StateEntry> consumer) {
        capture().forEachEntry(consumer);
    }

    private int idOf(byte[] keyBytes) {
        KeyType type = keys.type();
        return keys.idOf(type.fromBytes(keyBytes));
    }

    /** Columns frozen at snapshot time; safe to read from another thread. */
    public record Captured(byte[][] keyBytes, int[] keyGroups, Map<String, double[]> doubles, Map<String, long[]> longs,
                           Map<String, Double> doubleDefaults, Map<String, Long> longDefaults, List<StateMeta> metas) {

        /** Entries of keys whose value differs from the column's default (others read the default anyway). */
        public void forEachEntry(Consumer<StateEntry> consumer) {
            doubles.forEach((name, values) -> {
                long defaultBits = Double.doubleToRawLongBits(doubleDefaults.get(name));
                for (int id = 0; id < values.length; id++) {
                    if (Double.doubleToRawLongBits(values[id]) != defaultBits) {
                        consumer.accept(new StateEntry(name, keyGroups[id], keyBytes[id], null,
                                ByteBuffer.allocate(8).putDouble(values[id]).array()));
                    }
                }
            });
            longs.forEach((name, values) -> {
                long defaultValue = longDefaults.get(name);
                for (int id = 0; id < values.length; id++) {
                    if (values[id] != defaultValue) {
                        consumer.accept(new StateEntry(name, keyGroups[id], keyBytes[id], null,
                                ByteBuffer.allocate(8).putLong(values[id]).array()));
                    }
                }
            });
        }
    }

    private final class DoubleColumn implements DoubleColumnState {
        final double defaultValue;
        double[] values;

        DoubleColumn(double defaultValue) {
            this.defaultValue = defaultValue;
            this.values = new double[capacity];
            Arrays.fill(values, defaultValue);
        }

        void grow(int newCapacity) {
            int old = values.length;
            values = Arrays.copyOf(values, newCapacity);
            Arrays.fill(values, old, newCapacity, defaultValue);
        }

        @Override
        public double[] values() {
            return values;
        }
    }

    private final class LongColumn implements LongColumnState {
        final long defaultValue;
        long[] values;

        LongColumn(long defaultValue) {
            this.defaultValue = defaultValue;
            this.values = new long[capacity];
            Arrays.fill(values, defaultValue);
        }

        void grow(int newCapacity) {
            int old = values.length;
            values = Arrays.copyOf(values, newCapacity);
            Arrays.fill(values, old, newCapacity, defaultValue);
        }

        @Override
        public long[] values() {
            return values;
        }
    }
}
