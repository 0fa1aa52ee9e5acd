package io.sabot.fintech.kernels;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.keys.KeyColumn;
import io.sabot.actors.keys.KeyIndex;
import io.sabot.state.api.KeyedStateStore;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Runs a batch function directly, keyed by a column, the way an agent subtask does. */
final class KernelHarness implements AgentContext {

    private final BufferAllocator allocator;
    private final KeyIndex keys;
    private final BatchFunction function;
    private int[] ids = new int[0];

    KernelHarness(BatchFunction function, Schema input, String keyColumn, BufferAllocator allocator) throws Exception {
        this.function = function;
        this.allocator = allocator;
        this.keys = keyColumn == null ? null : KeyColumn.of(input, keyColumn).newIndex();
        function.outputSchema(input);
        function.open(this);
    }

    /** Processes {@code batch} (closing it) and returns the output (the caller closes it). */
    VectorSchemaRoot process(VectorSchemaRoot batch) throws Exception {
        try (batch) {
            if (keys == null) {
                return function.process(new KeyedBatch(batch, null, 0));
            }
            if (ids.length < batch.getRowCount()) {
                ids = new int[batch.getRowCount()];
            }
            keys.ids(batch, ids);
            return function.process(new KeyedBatch(batch, ids, keys.size()));
        }
    }

    @Override
    public String jobName() {
        return "test";
    }

    @Override
    public String agentName() {
        return "kernel";
    }

    @Override
    public int subtaskIndex() {
        return 0;
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public Object key(int keyId) {
        return keys.key(keyId);
    }

    @Override
    public KeyedStateStore state() {
        throw new UnsupportedOperationException("kernels keep their own columnar state");
    }

    @Override
    public void setCurrentKey(int keyId) {
        throw new UnsupportedOperationException("kernels keep their own columnar state");
    }

    @Override
    public long currentWatermark() {
        return Long.MIN_VALUE;
    }
}
