package io.sabot.state.internal;

import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.api.ColumnarStateStore.LongColumnState;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.keys.KeyDictionary;
import io.sabot.state.keys.KeyType;
import io.sabot.state.snapshot.ColumnBlock;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

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
    // The keys of ids captured so far: ids are never reassigned, so each capture copies only new keys.
    private byte[][] capturedKeyBytes = new byte[0][];
    private int[] capturedKeyGroups = new int[0];
    private int capturedKeys;

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

    /**
     * A copy of every column and of the keys they are indexed by, for a snapshot taken now. Key bytes
     * are copied once per key over all captures (the arrays handed out are only ever appended to
     * past the ids a capture holds, so a writer on another thread reads them safely).
     */
    public Captured capture() {
        int size = doubles.isEmpty() && longs.isEmpty() ? 0 : keys.size(); // no columns: no keys to copy
        if (size > capturedKeyBytes.length) {
            int length = Math.max(size, capturedKeyBytes.length * 2);
            capturedKeyBytes = Arrays.copyOf(capturedKeyBytes, length);
            capturedKeyGroups = Arrays.copyOf(capturedKeyGroups, length);
        }
        for (int id = capturedKeys; id < size; id++) {
            capturedKeyBytes[id] = keys.keyBytes(id);
            capturedKeyGroups[id] = keys.keyGroup(id);
        }
        capturedKeys = Math.max(capturedKeys, size);
        byte[][] keyBytes = capturedKeyBytes;
        int[] keyGroups = capturedKeyGroups;
        List<CapturedDoubles> doubleCopies = new ArrayList<>();
        doubles.forEach((name, c) -> doubleCopies.add(
                new CapturedDoubles(name, c.width, c.defaultValue, Arrays.copyOf(c.values, size * c.width))));
        List<CapturedLongs> longCopies = new ArrayList<>();
        longs.forEach((name, c) -> longCopies.add(new CapturedLongs(name, c.defaultValue, Arrays.copyOf(c.values, size))));
        return new Captured(size, keyBytes, keyGroups, doubleCopies, longCopies);
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
    public record Captured(int keys, byte[][] keyBytes, int[] keyGroups, List<CapturedDoubles> doubles,
                           List<CapturedLongs> longs) {

        /**
         * The values per key group, as primitive arrays (what a snapshot writes, without an entry
         * object per value): the ids are bucketed by key group once, here.
         */
        public IntFunction<ColumnBlock> byKeyGroup() {
            int maxGroup = -1;
            for (int id = 0; id < keys; id++) {
                maxGroup = Math.max(maxGroup, keyGroups[id]);
            }
            int[] start = new int[maxGroup + 2];
            for (int id = 0; id < keys; id++) {
                start[keyGroups[id] + 1]++;
            }
            for (int g = 0; g <= maxGroup; g++) {
                start[g + 1] += start[g];
            }
            int[] ordered = new int[keys];
            int[] next = Arrays.copyOf(start, start.length);
            for (int id = 0; id < keys; id++) {
                ordered[next[keyGroups[id]]++] = id;
            }
            int finalMaxGroup = maxGroup;
            List<String> names = new ArrayList<>(); // the elements, as every block names them
            for (CapturedDoubles column : doubles) {
                for (int i = 0; i < column.width(); i++) {
                    names.add(StateMeta.columnElement(column.name(), column.width(), i));
                }
            }
            longs.forEach(column -> names.add(column.name()));
            boolean[] longColumn = new boolean[names.size()];
            Arrays.fill(longColumn, names.size() - longs.size(), names.size(), true);
            return group -> {
                if (group > finalMaxGroup || start[group] == start[group + 1]) {
                    return ColumnBlock.EMPTY;
                }
                return block(ordered, start[group], start[group + 1], names, longColumn);
            };
        }

        /** The block of ids {@code ordered[from..to)}: rows for ids with any value other than its column's default. */
        private ColumnBlock block(int[] ordered, int from, int to, List<String> names, boolean[] longColumn) {
            // First pass: which ids have a value other than a default (the others are left out).
            int[] kept = new int[to - from];
            int rows = 0;
            for (int position = from; position < to; position++) {
                int id = ordered[position];
                if (hasValue(id)) {
                    kept[rows++] = id;
                }
            }
            int elements = names.size();
            byte[][] keys = new byte[rows][];
            long[][] bits = new long[elements][rows];
            boolean[][] present = new boolean[elements][rows];
            for (int row = 0; row < rows; row++) {
                keys[row] = keyBytes[kept[row]];
            }
            int e = 0;
            for (CapturedDoubles column : doubles) {
                long defaultBits = Double.doubleToRawLongBits(column.defaultValue());
                int width = column.width();
                double[] values = column.values();
                for (int i = 0; i < width; i++, e++) {
                    for (int row = 0; row < rows; row++) {
                        long value = Double.doubleToRawLongBits(values[kept[row] * width + i]);
                        bits[e][row] = value;
                        present[e][row] = value != defaultBits;
                    }
                }
            }
            for (CapturedLongs column : longs) {
                long[] values = column.values();
                for (int row = 0; row < rows; row++) {
                    bits[e][row] = values[kept[row]];
                    present[e][row] = values[kept[row]] != column.defaultValue();
                }
                e++;
            }
            return new ColumnBlock(names, longColumn, keys, bits, present);
        }

        /** True when key {@code id} has some value other than its column's default. */
        private boolean hasValue(int id) {
            for (CapturedDoubles column : doubles) {
                long defaultBits = Double.doubleToRawLongBits(column.defaultValue());
                int width = column.width();
                for (int i = 0; i < width; i++) {
                    if (Double.doubleToRawLongBits(column.values()[id * width + i]) != defaultBits) {
                        return true;
                    }
                }
            }
            for (CapturedLongs column : longs) {
                if (column.values()[id] != column.defaultValue()) {
                    return true;
                }
            }
            return false;
        }

        /** Entries of keys whose value differs from the column's default (others read the default anyway), per element. */
        public void forEachEntry(Consumer<StateEntry> consumer) {
            for (CapturedDoubles column : doubles) {
                long defaultBits = Double.doubleToRawLongBits(column.defaultValue());
                int width = column.width();
                for (int i = 0; i < width; i++) {
                    String element = StateMeta.columnElement(column.name(), width, i);
                    for (int id = 0; id < keys; id++) {
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
