package io.sabot.fintech.kernels;

import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.backend.ColumnarStateStore.LongColumnState;

/**
 * The last {@code size} values of a series per symbol, as numeric columnar state so that it works on
 * every backend: {@code size} double columns {@code <name>.v0 … v<size−1>} (slot i of every symbol),
 * plus the next slot to write and how many slots are filled, per symbol. Replacing the oldest value
 * is O(1); reading the window is O(size).
 */
final class RingState {

    private final int size;
    private final DoubleColumnState[] columns;
    private final LongColumnState next;
    private final LongColumnState filled;
    private final double[][] slots;

    RingState(ColumnarStateStore state, String name, int size) {
        this.size = size;
        this.columns = new DoubleColumnState[size];
        for (int i = 0; i < size; i++) {
            columns[i] = state.doubleColumn(name + ".v" + i, Double.NaN);
        }
        this.next = state.longColumn(name + ".next", 0);
        this.filled = state.longColumn(name + ".filled", 0);
        this.slots = new double[size][];
    }

    static int checkSize(String what, int size) {
        if (size < 1) {
            throw new IllegalArgumentException(what + " window must hold at least 1 value, was " + size);
        }
        return size;
    }

    int size() {
        return size;
    }

    /** {@code slots()[i][key]}: slot i of every key. Read again for every batch (arrays may be replaced). */
    double[][] slots() {
        for (int i = 0; i < size; i++) {
            slots[i] = columns[i].values();
        }
        return slots;
    }

    /** The next slot to write, per key. */
    long[] next() {
        return next.values();
    }

    /** How many slots hold values (at most {@link #size()}), per key. */
    long[] filled() {
        return filled.values();
    }
}
