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
        // RocksDB says "While lock file: …" for another process, "lock hold by current process" for
        // a second open in this JVM: both mean someone else owns the directory.
        if (cause instanceof RocksDBException && reason.contains("lock")) {
            return new RocksDbOpenException("cannot open RocksDB at " + dir + ": its lock file "
                    + dir.resolve("LOCK") + " is held by another process or by another ActorSystem in this"
                    + " JVM; only one may use a RocksDB directory at a time (RocksDB: " + reason + ")", cause);
        }
        return new RocksDbOpenException("cannot open RocksDB at " + dir + ": " + reason, cause);
    }
}
