package io.sabot.state.backend;

import io.sabot.state.StateBackends;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.keys.KeyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Backends over string keys with a controllable clock, and Arrow batches of keys. */
final class BackendFixture implements AutoCloseable {

    static final int MAX_PARALLELISM = 128;
    static final Schema SCHEMA = new Schema(List.of(new Field("symbol", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    static final KeyColumn SYMBOL = KeyColumn.of(SCHEMA, "symbol");

    /** A clock the test moves by hand. */
    static final class ManualClock implements TtlTimeProvider {
        long now = 1_000_000;

        @Override
        public long currentTimestamp() {
            return now;
        }

        void advance(long millis) {
            now += millis;
        }
    }

    final ManualClock clock = new ManualClock();
    final BufferAllocator allocator = new RootAllocator();
    final Path directory;
    private final List<KeyedStateBackend> open = new ArrayList<>();
    private int instances;

    BackendFixture(Path directory) {
        this.directory = directory;
    }

    KeyedStateBackend create(StateBackendKind kind) throws IOException {
        return create(kind, new KeyGroupRange(0, MAX_PARALLELISM - 1), List.of());
    }

    KeyedStateBackend create(StateBackendKind kind, KeyGroupRange range, List<SnapshotHandle> restore) throws IOException {
        StateBackendConfig config = StateBackendConfig.of(kind).withLocalDirectory(directory.resolve("local"));
        KeyedStateBackend backend = StateBackends.create(config, KeyType.UTF8, MAX_PARALLELISM, range, clock,
                "instance-" + (instances++), restore);
        open.add(backend);
        return backend;
    }

    /** The key group range of subtask {@code index} of {@code parallelism}. */
    static KeyGroupRange range(int index, int parallelism) {
        return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, parallelism, index);
    }

    static int subtaskOf(String key, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, parallelism);
    }

    /** A batch with one row per key, in order. */
    VectorSchemaRoot batch(List<String> keys) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        VarCharVector symbol = (VarCharVector) root.getVector("symbol");
        for (int i = 0; i < keys.size(); i++) {
            symbol.setSafe(i, keys.get(i).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(keys.size());
        return root;
    }

    @Override
    public void close() {
        open.forEach(KeyedStateBackend::close);
        allocator.close();
    }
}
