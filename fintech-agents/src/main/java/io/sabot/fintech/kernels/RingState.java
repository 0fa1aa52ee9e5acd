package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import io.sabot.state.api.ColumnarStateStore.LongColumnState;

/**
 * The last {@code size} values of a series per symbol, beside {@code extra} doubles of the kernel's
 * own (a running sum, a mean), as numeric columnar state so that it works on every backend: one wide
 * double column {@code <name>} (key k's doubles at {@code values()[k·width + i]}, the extras first,
 * then the ring's slots, all 0 until written) and one long column {@code <name>.cursor} packing the
 * next slot to write, how many slots are filled and a counter the kernel may use (21 bits each: one
 * state access per row, not three). A key's doubles are side by side, so a row touches one or two
 * cache lines and re-summing the window reads contiguous memory. Replacing the oldest value is O(1).
 */
final class RingState {

    /** The largest window: a cursor field holds 21 bits. */
    static final int MAX_SIZE = (1 << 20);
    private static final long FIELD = (1L << 21) - 1;

    private final int width;
    private final DoubleColumnState values;
    private final LongColumnState cursor;

    RingState(ColumnarStateStore state, String name, int extra, int size) {
        this.width = extra + size;
        this.values = state.doubleColumns(name, width, 0.0);
        this.cursor = state.longColumn(name + ".cursor", 0);
    }

    static int checkSize(String what, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException(what + " window must hold 1 to " + MAX_SIZE + " values, was " + size);
        }
        return size;
    }

    /** Doubles per key: the extras, then the slots. */
    int width() {
        return width;
    }

    /** Every key's doubles, {@link #width()} per key. Read again for every batch (the array may be replaced). */
    double[] values() {
        return values.values();
    }

    /** The packed cursor of every key (see {@link #next}, {@link #filled}, {@link #counter}, {@link #cursor}). */
    long[] cursors() {
        return cursor.values();
    }

    /** The sum of {@code values[from … from + size)}. */
    static double sum(double[] values, int from, int size) {
        return sum(values, from, size, 0, false);
    }

    /** Σ (values[i] − mean)² over {@code values[from … from + size)}. */
    static double squaredDeviations(double[] values, int from, int size, double mean) {
        return sum(values, from, size, mean, true);
    }

    /**
     * Σ x or Σ (x − shift)² in four interleaved partial sums: a window is re-summed every
     * {@code size} values, and one chain of dependent additions would stall the row loop around it.
     */
    private static double sum(double[] values, int from, int size, double shift, boolean squared) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = from + size;
        int i = from;
        for (; i + 3 < end; i += 4) {
            s0 += term(values[i], shift, squared);
            s1 += term(values[i + 1], shift, squared);
            s2 += term(values[i + 2], shift, squared);
            s3 += term(values[i + 3], shift, squared);
        }
        for (; i < end; i++) {
            s0 += term(values[i], shift, squared);
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double term(double x, double shift, boolean squared) {
        return squared ? (x - shift) * (x - shift) : x;
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
