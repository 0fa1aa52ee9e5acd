package io.sabot.fintech.kernels;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.stream.EventTime;
import io.sabot.watermarks.timers.InternalTimerService;
import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.backend.ColumnarStateStore;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.backend.StateBackends;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a batch function directly on the calling thread, keyed by a column on a real state backend,
 * as an agent subtask does but without actors: for tests, microbenchmarks and embedding a kernel in
 * an application.
 */
public final class KernelRunner implements AgentContext, AutoCloseable {

    private final BufferAllocator allocator;
    private final KeyColumn keyColumn;
    private final KeyedStateBackend backend;
    private final BatchFunction function;
    private int[] ids = new int[0];

    public KernelRunner(BatchFunction function, Schema input, String keyColumn, BufferAllocator allocator) throws Exception {
        this(function, input, keyColumn, allocator, StateBackendKind.HEAP, null);
    }

    public KernelRunner(BatchFunction function, Schema input, String keyColumn, BufferAllocator allocator,
                  StateBackendKind kind, Path localDirectory) throws Exception {
        this(function, input, keyColumn, allocator, kind, localDirectory, List.of());
    }

    /** A harness whose state starts from {@code restoreFrom} (snapshots of an earlier harness). */
    public KernelRunner(BatchFunction function, Schema input, String keyColumn, BufferAllocator allocator,
                  StateBackendKind kind, Path localDirectory, List<SnapshotHandle> restoreFrom) throws Exception {
        this.function = function;
        this.allocator = allocator;
        this.keyColumn = keyColumn == null ? null : KeyColumn.of(input, keyColumn);
        StateBackendConfig config = StateBackendConfig.of(kind);
        if (localDirectory != null) {
            config = config.withLocalDirectory(localDirectory);
        }
        this.backend = keyColumn == null ? null : StateBackends.create(config, this.keyColumn.type(), 128,
                new KeyGroupRange(0, 127), TtlTimeProvider.SYSTEM, "kernel-harness", restoreFrom);
        function.outputSchema(input);
        function.open(this);
    }

    /** Processes {@code batch} (closing it) and returns the output (the caller closes it). */
    public VectorSchemaRoot process(VectorSchemaRoot batch) throws Exception {
        try (batch) {
            if (backend == null) {
                return function.process(new KeyedBatch(batch, null, 0));
            }
            if (ids.length < batch.getRowCount()) {
                ids = new int[batch.getRowCount()];
            }
            int keys = backend.bindBatch(batch, keyColumn, ids);
            try {
                return function.process(new KeyedBatch(batch, ids, keys));
            } finally {
                backend.finishBatch();
            }
        }
    }

    /** Snapshots the state into {@code directory}, as a checkpoint would between two batches. */
    public SnapshotHandle snapshot(Path directory) throws Exception {
        return backend.snapshot(1, directory).write();
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
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
        return backend.key(keyId);
    }

    @Override
    public KeyedStateStore state() {
        return backend;
    }

    @Override
    public ColumnarStateStore columns() {
        return backend;
    }

    @Override
    public void setCurrentKey(int keyId) {
        backend.setCurrentKey(keyId);
    }

    @Override
    public long currentWatermark() {
        return Long.MIN_VALUE;
    }

    @Override
    public InternalTimerService timerService(String name) {
        return new InternalTimerService(backend, name, System::currentTimeMillis, time -> {});
    }

    @Override
    public void emit(VectorSchemaRoot batch, EventTime eventTime) {
        batch.close();
        throw new UnsupportedOperationException("kernels return their output from process()");
    }

    @Override
    public void emit(OutputTag tag, VectorSchemaRoot batch, EventTime eventTime) {
        emit(batch, eventTime);
    }
}
