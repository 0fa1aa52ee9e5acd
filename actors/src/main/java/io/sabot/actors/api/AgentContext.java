package io.sabot.actors.api;

import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.backend.ColumnarStateStore;
import org.apache.arrow.memory.BufferAllocator;

/** What a running agent subtask knows about itself. */
public interface AgentContext {

    String jobName();

    String agentName();

    int subtaskIndex();

    int parallelism();

    /** This subtask's Arrow allocator: allocate output vectors here. Closed with the subtask. */
    BufferAllocator allocator();

    /** The key with dense id {@code keyId} (a String, Integer or Long). */
    Object key(int keyId);

    /** Flink's keyed states of this subtask, scoped to the current key (see {@link #setCurrentKey}). */
    KeyedStateStore state();

    /**
     * Numeric per-key state as primitive arrays indexed by the key ids of the batch being processed:
     * the fast path for vectorized kernels. Register columns in {@code open}; read {@code values()}
     * again for every batch.
     */
    ColumnarStateStore columns();

    /** Makes {@code keyId} of the current batch the key that {@link #state()} reads and writes. */
    void setCurrentKey(int keyId);

    /** The combined watermark of this subtask's inputs (Long.MIN_VALUE before the first). */
    long currentWatermark();
}
