package io.sabot.actors.api;

import io.sabot.state.api.KeyedStateStore;
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

    /** Keyed state of this subtask, addressed by the current key id. */
    KeyedStateStore state();

    /** Makes {@code keyId} the key that {@link #state()} reads and writes. */
    void setCurrentKey(int keyId);

    /** The combined watermark of this subtask's inputs (Long.MIN_VALUE before the first). */
    long currentWatermark();
}
