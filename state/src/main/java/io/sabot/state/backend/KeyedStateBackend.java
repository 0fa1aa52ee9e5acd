package io.sabot.state.backend;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.keys.KeyType;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * The keyed state of one subtask: Flink's state primitives (scoped to the current key) and numeric
 * columns (indexed by the key ids of the batch being processed), for the key groups this subtask
 * owns. Not thread-safe: it belongs to the subtask's actor; only a {@link SnapshotWriter} it hands
 * out may run on another thread.
 *
 * <p>Processing a batch: {@link #bindBatch} gives every row a key id, then per-record code calls
 * {@link #setCurrentKey} and uses its states while vectorized code reads and writes the columns,
 * and {@link #finishBatch} ends the batch.
 */
public interface KeyedStateBackend extends KeyedStateStore, ColumnarStateStore, AutoCloseable {

    StateBackendKind kind();

    KeyType keyType();

    int maxParallelism();

    KeyGroupRange keyGroupRange();

    /**
     * Writes the id of every row's key into {@code ids} and returns how many ids are in use (the
     * length to size per-key arrays by). {@code dictionaries} holds the batch's dictionaries, which a
     * dictionary-encoded key column needs (null when it has none). Heap and columnar keep ids for the subtask's lifetime;
     * RocksDB numbers the batch's distinct keys and loads their column values.
     */
    int bindBatch(VectorSchemaRoot batch, DictionaryProvider dictionaries, KeyColumn column, int[] ids) throws IOException;

    /** {@link #bindBatch(VectorSchemaRoot, DictionaryProvider, KeyColumn, int[])} of a batch without dictionaries. */
    default int bindBatch(VectorSchemaRoot batch, KeyColumn column, int[] ids) throws IOException {
        return bindBatch(batch, null, column, ids);
    }

    /** Ends the bound batch (RocksDB writes the columns' values back). */
    void finishBatch() throws IOException;

    /** How many keys this subtask has seen (RocksDB: a HyperLogLog estimate of the keys bound since start). */
    long keyCount();

    /** Makes key {@code keyId} of the bound batch the one every state reads and writes. */
    void setCurrentKey(int keyId);

    /** Makes {@code key} (a String, Integer or Long) the current key, outside of any batch. */
    void setCurrentKeyObject(Object key);

    /** The key with id {@code keyId} in the bound batch. */
    Object key(int keyId);

    /** The timer queue {@code name} (created on first use, restored with the rest of the state). */
    TimerQueue timers(String name);

    /**
     * Captures all state now and returns what writes it to {@code directory}; processing may go on
     * while the writer runs on another thread.
     */
    SnapshotWriter snapshot(long checkpointId, Path directory) throws IOException;

    /** Writes all state in the backend-neutral export format (an Arrow IPC file). */
    void exportTo(Path file) throws IOException;

    /**
     * Adds the entries of an export (from any backend) that belong to this subtask's key groups;
     * states not registered yet receive them when they are.
     */
    void importFrom(Path file) throws IOException;

    @Override
    void close();
}
