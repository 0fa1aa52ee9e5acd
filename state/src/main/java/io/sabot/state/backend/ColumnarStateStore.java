package io.sabot.state.backend;

/**
 * Numeric per-key state as primitive arrays indexed by the dense key ids of the batch being
 * processed: the fast path of vectorized kernels. On the heap and columnar backends the arrays are
 * the state itself; on RocksDB they hold the batch's keys, loaded before and written back after it.
 */
public interface ColumnarStateStore {

    /** A double per key; keys never written read {@code defaultValue}. */
    DoubleColumnState doubleColumn(String name, double defaultValue);

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
