package io.sabot.state.api;

/**
 * Numeric per-key state as primitive arrays indexed by the dense key ids of the batch being
 * processed: the fast path of vectorized kernels. On the heap and columnar backends the arrays are
 * the state itself; on RocksDB they hold the batch's keys, loaded before and written back after it.
 */
public interface ColumnarStateStore {

    /** A double per key; keys never written read {@code defaultValue}. */
    default DoubleColumnState doubleColumn(String name, double defaultValue) {
        return doubleColumns(name, 1, defaultValue);
    }

    /**
     * {@code width} doubles per key, side by side: key id {@code k}'s values are
     * {@code values()[k * width + i]}, i = 0 … width − 1. A kernel that reads several values of a
     * key per row (a rolling window, a previous quote) then touches one or two cache lines, where as
     * many separate columns would touch one line each. Snapshots hold element i as the column
     * {@code name[i]} (see {@code StateMeta.columnElement}). Registering {@code name} again with another
     * width fails.
     */
    DoubleColumnState doubleColumns(String name, int width, double defaultValue);

    /** A long per key; keys never written read {@code defaultValue}. */
    LongColumnState longColumn(String name, long defaultValue);

    /** A column of doubles. */
    interface DoubleColumnState {
        /** Valid while the current batch is bound: index by its key ids. */
        double[] values();
    }

    /** A column of longs. */
    interface LongColumnState {
        /** Valid while the current batch is bound: index by its key ids. */
        long[] values();
    }
}
