package io.sabot.state.backend;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * RocksDB tuning knobs (defaults suit a laptop; Flink's predefined options are similar).
 *
 * @param blockCacheBytes    shared LRU block cache per instance
 * @param writeBufferBytes   memtable size per column family
 * @param maxWriteBuffers    memtables per column family before writes stall
 * @param bloomFilterBits    bits per key of the bloom filter (0: none)
 * @param compression        "none", "lz4", "snappy" or "zstd"
 * @param syncWrites         fsync the WAL on every write (state is checkpointed, so off by default)
 */
public record RocksDbSettings(long blockCacheBytes, long writeBufferBytes, int maxWriteBuffers,
                              int bloomFilterBits, String compression, boolean syncWrites) {

    /** The defaults of reference.conf's {@code sabot.state.rocksdb}: one place says what they are. */
    public static final RocksDbSettings DEFAULTS = from(ConfigFactory.defaultReference().getConfig("sabot.state.rocksdb"));

    /** The settings of a {@code sabot.state.rocksdb} block (see reference.conf). */
    public static RocksDbSettings from(Config config) {
        return new RocksDbSettings(config.getBytes("block-cache-size"), config.getBytes("write-buffer-size"),
                config.getInt("max-write-buffers"), config.getInt("bloom-filter-bits"), config.getString("compression"),
                config.getBoolean("sync-writes"));
    }

    public RocksDbSettings {
        if (blockCacheBytes < 0 || writeBufferBytes <= 0 || maxWriteBuffers < 1 || bloomFilterBits < 0) {
            throw new IllegalArgumentException("invalid RocksDB settings: block cache " + blockCacheBytes
                    + " bytes (>= 0), write buffer " + writeBufferBytes + " bytes (> 0), " + maxWriteBuffers
                    + " write buffers (>= 1), " + bloomFilterBits + " bloom filter bits (>= 0)");
        }
        if (!java.util.Set.of("none", "lz4", "snappy", "zstd").contains(compression)) {
            throw new IllegalArgumentException("unknown RocksDB compression '" + compression
                    + "' (choose none, lz4, snappy or zstd)");
        }
    }
}
