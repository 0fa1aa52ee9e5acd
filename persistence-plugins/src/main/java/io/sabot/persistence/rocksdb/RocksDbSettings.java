package io.sabot.persistence.rocksdb;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.rocksdb.CompressionType;

/**
 * Where a RocksDB instance lives and how it is tuned, read from a plugin's config section
 * ({@code dir}, {@code sync-writes} and the {@code rocksdb} block documented in reference.conf).
 */
public record RocksDbSettings(
        Path dir,
        boolean syncWrites,
        long writeBufferSize,
        int maxWriteBufferNumber,
        long blockCacheSize,
        long blockSize,
        CompressionType compression,
        int maxBackgroundJobs) {

    private static final Map<String, CompressionType> COMPRESSIONS = Map.of(
            "none", CompressionType.NO_COMPRESSION,
            "snappy", CompressionType.SNAPPY_COMPRESSION,
            "zlib", CompressionType.ZLIB_COMPRESSION,
            "lz4", CompressionType.LZ4_COMPRESSION,
            "lz4hc", CompressionType.LZ4HC_COMPRESSION,
            "zstd", CompressionType.ZSTD_COMPRESSION);

    /** Reads the settings from a plugin section; {@code path} names that section in error messages. */
    public static RocksDbSettings fromConfig(Config plugin, String path) {
        Config rocksdb = plugin.getConfig("rocksdb");
        String compression = rocksdb.getString("compression").toLowerCase(Locale.ROOT);
        CompressionType type = COMPRESSIONS.get(compression);
        if (type == null) {
            throw new IllegalArgumentException(path + ".rocksdb.compression = \"" + compression
                    + "\" is not one of " + String.join(", ", COMPRESSIONS.keySet()));
        }
        return new RocksDbSettings(
                Path.of(plugin.getString("dir")).toAbsolutePath(),
                plugin.getBoolean("sync-writes"),
                rocksdb.getBytes("write-buffer-size"),
                rocksdb.getInt("max-write-buffer-number"),
                rocksdb.getBytes("block-cache-size"),
                rocksdb.getBytes("block-size"),
                type,
                rocksdb.getInt("max-background-jobs"));
    }
}
