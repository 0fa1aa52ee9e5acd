package io.sabot.state.backend;

import com.typesafe.config.Config;
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
        return new StateBackendConfig(kind, defaultLocalDirectory(), RocksDbSettings.DEFAULTS);
    }

    /**
     * The configured backend: {@code sabot.state.backend}, {@code sabot.state.local-directory} and
     * {@code sabot.state.rocksdb} (defaults in this module's reference.conf). An unknown backend
     * fails naming the key and the choices.
     */
    public static StateBackendConfig from(Config config) {
        Config state = config.getConfig("sabot.state");
        StateBackendKind kind;
        try {
            kind = StateBackendKind.parse(state.getString("backend"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sabot.state.backend: " + e.getMessage(), e);
        }
        String directory = state.getString("local-directory");
        return new StateBackendConfig(kind, directory.isBlank() ? defaultLocalDirectory() : Path.of(directory),
                RocksDbSettings.from(state.getConfig("rocksdb")));
    }

    private static Path defaultLocalDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "sabot-state");
    }

    public StateBackendConfig withLocalDirectory(Path directory) {
        return new StateBackendConfig(kind, directory, rocksDb);
    }
}
