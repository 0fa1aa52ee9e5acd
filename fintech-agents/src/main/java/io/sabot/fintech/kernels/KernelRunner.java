package io.sabot.fintech.kernels;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.StreamElement;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyColumn;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a batch function directly on the calling thread, keyed by a column on a real state backend,
 * through the same {@link AgentRunner} an agent subtask uses but without actors: for tests,
 * microbenchmarks and embedding a kernel in an application.
 */
public final class KernelRunner implements AutoCloseable {

    private final KeyedStateBackend backend; // null without a key column
    private final AgentRunner runner;
    private VectorSchemaRoot result;

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
        function.outputSchema(input);
        KeyColumn key = keyColumn == null ? null : KeyColumn.of(input, keyColumn);
        StateBackendConfig config = StateBackendConfig.of(kind);
        if (localDirectory != null) {
            config = config.withLocalDirectory(localDirectory);
        }
        this.backend = key == null ? null : StateBackends.create(config, key.type(), 128,
                new KeyGroupRange(0, 127), TtlTimeProvider.SYSTEM, "kernel-harness", restoreFrom);
        this.runner = new AgentRunner(new AgentRunner.Subtask("test", "kernel", 0, 1), function, key, backend, Set.of(),
                1, allocator, new AgentRunner.Output() {
                    @Override
                    public void emit(String outputTag, Batch batch) {
                        keep(batch);
                    }

                    @Override
                    public void broadcast(StreamElement element) {
                        // no event time here: nothing to forward
                    }
                }, time -> {});
        try {
            runner.open();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Processes {@code batch} (closing it) and returns the output (the caller closes it), or null. */
    public VectorSchemaRoot process(VectorSchemaRoot batch) throws Exception {
        runner.onBatch(0, Batch.of(batch));
        VectorSchemaRoot output = result;
        result = null;
        return output;
    }

    /** Kernels return one batch per input batch from {@code process}: more is a bug in the kernel. */
    private void keep(Batch batch) {
        if (result != null) {
            batch.close();
            throw new IllegalStateException("a kernel emitted more than one batch for one input batch");
        }
        result = batch.root();
    }

    /** Snapshots the state into {@code directory}, as a checkpoint would between two batches. */
    public SnapshotHandle snapshot(Path directory) throws Exception {
        return backend.snapshot(1, directory).write();
    }

    @Override
    public void close() throws Exception {
        try {
            runner.close();
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }
}
