package io.sabot.state.backend;

import java.util.Locale;

/** Where keyed state lives. */
public enum StateBackendKind {
    /** Java objects in per-key-group hash maps; copy-on-write snapshots. The default. */
    HEAP,
    /** Primitive columns indexed by dense key id; snapshots are Arrow IPC. For numeric kernel state. */
    COLUMNAR,
    /** One RocksDB instance per subtask; state larger than memory; incremental native checkpoints. */
    ROCKSDB;

    /** Parses "heap", "columnar" or "rocksdb" (any case), naming the choices when it cannot. */
    public static StateBackendKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state backend '" + text + "' (choose heap, columnar or rocksdb)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
