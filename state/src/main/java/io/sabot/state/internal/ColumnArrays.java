package io.sabot.state.internal;

import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.api.ColumnarStateStore.LongColumnState;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.keys.KeyDictionary;
import io.sabot.state.keys.KeyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
    private final Map<String, Element> elements = new HashMap<>(); // by state name (StateMeta.columnElement)
    private int capacity = 1024;

    /** Element {@code index} of a double column, or a long column (index 0). */
    private record Element(DoubleColumn doubles, LongColumn longs, int index) {}

    public ColumnArrays(KeyDictionary keys) {
        this.keys = keys;
    }

    /** Column {@code name}, {@code width} doubles per key, created if new; restore its elements with {@link #apply}. */
    public DoubleColumnState doubleColumn(String name, int width, double defaultValue) {
        DoubleColumn column = doubles.get(name);
        if (column == null) {
            column = new DoubleColumn(width, defaultValue);
            doubles.put(name, column);
            for (int i = 0; i < width; i++) {
                elements.put(StateMeta.columnElement(name, width, i), new Element(column, null, i));
            }
        } else if (column.width != width) {
            throw new IllegalArgumentException("column '" + name + "' is " + column.width + " values wide, not " + width);
        }
        return column;
    }

    public LongColumnState longColumn(String name, long defaultValue) {
        return longs.computeIfAbsent(name, n -> {
            LongColumn column = new LongColumn(defaultValue);
            elements.put(name, new Element(null, column, 0));
            return column;
        });
    }

    /** Writes restored entries of state {@code elementName} into its column (adding their keys to the dictionary). */
    public void apply(String elementName, List<StateEntry> restored) {
        Element element = elements.get(elementName);
        for (StateEntry entry : restored) {
            int id = idOf(entry.key());
            ensureCapacity(keys.size());
            if (element.doubles != null) {
                element.doubles.values[id * element.doubles.width + element.index] = ByteBuffer.wrap(entry.value()).getDouble();
            } else {
                element.longs.values[id] = ByteBuffer.wrap(entry.value()).getLong();
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

    /** A meta per element: every element is a column state of its own in snapshots. */
    public List<StateMeta> metas() {
        List<StateMeta> metas = new ArrayList<>();
        doubles.forEach((name, c) -> {
            for (int i = 0; i < c.width; i++) {
                metas.add(StateMeta.column(StateMeta.columnElement(name, c.width, i), StateMeta.Kind.DOUBLE_COLUMN));
            }
        });
        longs.keySet().forEach(n -> metas.add(StateMeta.column(n, StateMeta.Kind.LONG_COLUMN)));
        return metas;
    }

    /** A copy of every column and of the keys they are indexed by, for a snapshot taken now. */
    public Captured capture() {
        int size = doubles.isEmpty() && longs.isEmpty() ? 0 : keys.size(); // no columns: no keys to copy
        byte[][] keyBytes = new byte[size][];
        int[] keyGroups = new int[size];
        for (int id = 0; id < size; id++) {
            keyBytes[id] = keys.keyBytes(id);
            keyGroups[id] = keys.keyGroup(id);
        }
        List<CapturedDoubles> doubleCopies = new ArrayList<>();
        doubles.forEach((name, c) -> doubleCopies.add(
                new CapturedDoubles(name, c.width, c.defaultValue, Arrays.copyOf(c.values, size * c.width))));
        List<CapturedLongs> longCopies = new ArrayList<>();
        longs.forEach((name, c) -> longCopies.add(new CapturedLongs(name, c.defaultValue, Arrays.copyOf(c.values, size))));
        return new Captured(keyBytes, keyGroups, doubleCopies, longCopies);
    }

    public void forEachEntry(Consumer<StateEntry> consumer) {
        capture().forEachEntry(consumer);
    }

    private int idOf(byte[] keyBytes) {
        KeyType type = keys.type();
        return keys.idOf(type.fromBytes(keyBytes));
    }

    /** A double column as captured: its width, default and values (width per key id). */
    public record CapturedDoubles(String name, int width, double defaultValue, double[] values) {}

    /** A long column as captured. */
    public record CapturedLongs(String name, long defaultValue, long[] values) {}

    /** Columns frozen at snapshot time; safe to read from another thread. */
    public record Captured(byte[][] keyBytes, int[] keyGroups, List<CapturedDoubles> doubles, List<CapturedLongs> longs) {

        /** Entries of keys whose value differs from the column's default (others read the default anyway), per element. */
        public void forEachEntry(Consumer<StateEntry> consumer) {
            for (CapturedDoubles column : doubles) {
                long defaultBits = Double.doubleToRawLongBits(column.defaultValue());
                int width = column.width();
                for (int i = 0; i < width; i++) {
                    String element = StateMeta.columnElement(column.name(), width, i);
                    for (int id = 0; id < keyBytes.length; id++) {
                        double value = column.values()[id * width + i];
                        if (Double.doubleToRawLongBits(value) != defaultBits) {
                            consumer.accept(new StateEntry(element, keyGroups[id], keyBytes[id], null,
                                    ByteBuffer.allocate(8).putDouble(value).array()));
                        }
                    }
                }
            }
            for (CapturedLongs column : longs) {
                long[] values = column.values();
                for (int id = 0; id < values.length; id++) {
                    if (values[id] != column.defaultValue()) {
                        consumer.accept(new StateEntry(column.name(), keyGroups[id], keyBytes[id], null,
                                ByteBuffer.allocate(8).putLong(values[id]).array()));
                    }
                }
            }
        }
    }

    private final class DoubleColumn implements DoubleColumnState {
        final int width;
        final double defaultValue;
        double[] values;

        DoubleColumn(int width, double defaultValue) {
            if (width < 1) {
                throw new IllegalArgumentException("a column must be at least one value wide, was " + width);
            }
            this.width = width;
            this.defaultValue = defaultValue;
            this.values = new double[Math.multiplyExact(capacity, width)];
            Arrays.fill(values, defaultValue);
        }

        void grow(int newCapacity) {
            int old = values.length;
            values = Arrays.copyOf(values, Math.multiplyExact(newCapacity, width));
            Arrays.fill(values, old, values.length, defaultValue);
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
