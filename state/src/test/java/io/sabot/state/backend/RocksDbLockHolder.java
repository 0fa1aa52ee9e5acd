package io.sabot.state.backend;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** A separate process that keeps a RocksDB directory open (and locked) until it is killed. */
public final class RocksDbLockHolder {

    public static void main(String[] args) throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, args[0])) {
            System.out.println("open");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
