package io.sabot.state;

import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.columnar.ColumnarKeyedStateBackend;
import io.sabot.state.heap.HeapKeyedStateBackend;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import io.sabot.state.rocksdb.RocksDbKeyedStateBackend;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.snapshot.KeyGroupSectionsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Creates the keyed state backend of one subtask, restored from snapshots when there are any. */
public final class StateBackends {

    private StateBackends() {}

    /**
     * @param instanceName names the subtask's RocksDB working directory under the configured local
     *                     directory (e.g. {@code job_vertex_3}); unused by the other backends
     * @param restoreFrom  snapshots of all subtasks of the previous run (any parallelism); only key
     *                     groups of {@code keyGroups} are restored
     */
    public static KeyedStateBackend create(StateBackendConfig config, KeyType keyType, int maxParallelism,
                                           KeyGroupRange keyGroups, TtlTimeProvider clock, String instanceName,
                                           List<SnapshotHandle> restoreFrom) throws IOException {
        List<SnapshotHandle> relevant = restoreFrom.stream()
                .filter(h -> overlaps(h.keyGroups(), keyGroups)).toList();
        return switch (config.kind()) {
            case HEAP -> new HeapKeyedStateBackend(keyType, maxParallelism, keyGroups, clock, relevant);
            case COLUMNAR -> new ColumnarKeyedStateBackend(keyType, maxParallelism, keyGroups, clock, relevant);
            case ROCKSDB -> new RocksDbKeyedStateBackend(keyType, maxParallelism, keyGroups, clock, config.rocksDb(),
                    config.localDirectory().resolve(instanceName), relevant);
        };
    }

    /** Every file snapshot {@code handle} consists of (for RocksDB, shared SST files included). */
    public static List<Path> snapshotFiles(SnapshotHandle handle) throws IOException {
        return handle.kind() == StateBackendKind.ROCKSDB ? RocksDbKeyedStateBackend.snapshotFiles(handle)
                : List.of(handle.path());
    }

    /**
     * Checks that snapshot {@code handle} is complete and undamaged before a restore relies on it:
     * every checksum of a heap or columnar file, the manifest and the files' sizes of a RocksDB one.
     * Throws {@link io.sabot.state.backend.CorruptSnapshotException} naming the file when it is not.
     */
    public static void verify(SnapshotHandle handle) throws IOException {
        if (handle.kind() == StateBackendKind.ROCKSDB) {
            RocksDbKeyedStateBackend.verifySnapshot(handle);
            return;
        }
        try (KeyGroupSectionsReader reader = KeyGroupSectionsReader.open(handle.path())) {
            reader.verifyAll();
        }
    }

    private static boolean overlaps(KeyGroupRange a, KeyGroupRange b) {
        return a.startKeyGroup() <= b.endKeyGroup() && b.startKeyGroup() <= a.endKeyGroup();
    }
}
