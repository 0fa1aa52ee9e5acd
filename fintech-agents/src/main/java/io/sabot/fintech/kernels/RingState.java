package io.sabot.fintech.kernels;

import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.backend.ColumnarStateStore.LongColumnState;

/**
 * The last {@code size} values of a series per symbol, as numeric columnar state so that it works on
 * every backend: {@code size} double columns {@code <name>.v0 … v<size−1>} (slot i of every symbol),
 * and one long column {@code <name>.cursor} packing the next slot to write, how many slots are filled
 * and a counter the kernel may use (21 bits each: one state access per row, not three). Replacing
 * the oldest value is O(1); reading the whole window is O(size).
 */
final class RingState {

    /** The largest window: a cursor field holds 21 bits. */
    static final int MAX_SIZE = (1 << 20);
    private static final long FIELD = (1L << 21) - 1;

    private final int size;
    private final DoubleColumnState[] columns;
    private final LongColumnState cursor;
    private final double[][] slots;

    RingState(ColumnarStateStore state, String name, int size) {
        this.size = size;
        this.columns = new DoubleColumnState[size];
        for (int i = 0; i < size; i++) {
            columns[i] = state.doubleColumn(name + ".v" + i, Double.NaN);
        }
        this.cursor = state.longColumn(name + ".cursor", 0);
        this.slots = new double[size][];
    }

    static int checkSize(String what, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException(what + " window must hold 1 to " + MAX_SIZE + " values, was " + size);
        }
        return size;
    }

    /** {@code slots()[i][key]}: slot i of every key. Read again for every batch (arrays may be replaced). */
    double[][] slots() {
        for (int i = 0; i < size; i++) {
            slots[i] = columns[i].values();
        }
        return slots;
    }

    /** The packed cursor of every key (see {@link #next}, {@link #filled}, {@link #counter}, {@link #cursor}). */
    long[] cursors() {
        return cursor.values();
    }

    /** The slot the next value goes to. */
    static int next(long cursor) {
        return (int) (cursor & FIELD);
    }

    /** How many slots hold values (at most the size). */
    static int filled(long cursor) {
        return (int) ((cursor >>> 21) & FIELD);
    }

    /** The kernel's own counter (at most {@link #MAX_SIZE}). */
    static int counter(long cursor) {
        return (int) (cursor >>> 42);
    }

    static long cursor(int next, int filled, int counter) {
        return next | (long) filled << 21 | (long) counter << 42;
    }
}
