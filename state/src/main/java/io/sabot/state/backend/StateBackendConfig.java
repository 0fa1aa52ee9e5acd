package io.sabot.state.backend;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which backend a job's keyed state uses, and where backends that need local disk (RocksDB) keep
 * their working files.
 */
public record StateBackendConfig(StateBackendKind kind, Path localDirectory, RocksDbSettings rocksDb) {

    public StateBackendConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(localDirectory, "localDirectory");
        Objects.requireNonNull(rocksDb, "rocksDb");
    }

    public static StateBackendConfig heap() {
        return of(StateBackendKind.HEAP);
    }

    public static StateBackendConfig of(StateBackendKind kind) {
        return new StateBackendConfig(kind, Path.of(System.getProperty("java.io.tmpdir"), "sabot-state"),
                RocksDbSettings.DEFAULTS);
    }

    public StateBackendConfig withLocalDirectory(Path directory) {
        return new StateBackendConfig(kind, directory, rocksDb);
    }

    public StateBackendConfig withRocksDb(RocksDbSettings settings) {
        return new StateBackendConfig(kind, localDirectory, settings);
    }
}
