package io.sabot.persistence.rocksdb;

import java.nio.file.Path;
import org.rocksdb.RocksDBException;

/** A RocksDB directory could not be opened; the message names the directory (and its LOCK file). */
public final class RocksDbOpenException extends RuntimeException {

    private RocksDbOpenException(String message, Throwable cause) {
        super(message, cause);
    }

    static RocksDbOpenException of(Path dir, Exception cause) {
        String reason = String.valueOf(cause.getMessage());
        // RocksDB says "lock hold by current process" for a second open in this JVM, "While lock
        // file: …" when another process has the directory.
        if (cause instanceof RocksDBException && reason.contains("lock")) {
            String holder = reason.contains("current process") ? "another ActorSystem in this JVM" : "another process";
            return new RocksDbOpenException("cannot open RocksDB at " + dir + ": its lock file " + dir.resolve("LOCK")
                    + " is held by " + holder + "; only one may use a RocksDB directory at a time (RocksDB: "
                    + reason + ")", cause);
        }
        return new RocksDbOpenException("cannot open RocksDB at " + dir + ": " + reason, cause);
    }
}
