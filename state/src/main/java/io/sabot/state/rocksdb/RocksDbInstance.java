package io.sabot.state.rocksdb;

import io.sabot.state.files.FileTrees;
import io.sabot.state.backend.RocksDbSettings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TtlDB;
import org.rocksdb.WriteOptions;

/**
 * One open RocksDB instance and every native object it needs, owned and closed together (the
 * pattern of Kafka Streams' RocksDBStore: anything opened here is closed here, in reverse order).
 * It is a {@link TtlDB}, so a state with a TTL gets a column family whose compaction filter drops
 * entries older than the TTL; other column families never expire.
 */
final class RocksDbInstance implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final Cache blockCache;
    private final Filter bloomFilter;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnOptions;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final TtlDB db;
    private final Map<String, ColumnFamilyHandle> families = new HashMap<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();

    private RocksDbInstance(Path directory, RocksDbSettings settings) throws IOException {
        this.directory = directory;
        this.blockCache = new LRUCache(settings.blockCacheBytes());
        this.bloomFilter = settings.bloomFilterBits() > 0 ? new BloomFilter(settings.bloomFilterBits(), false) : null;
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(blockCache).setCacheIndexAndFilterBlocks(true);
        if (bloomFilter != null) {
            table.setFilterPolicy(bloomFilter);
        }
        this.columnOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(settings.writeBufferBytes())
                .setMaxWriteBufferNumber(settings.maxWriteBuffers())
                .setCompressionType(compression(settings.compression()));
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2);
        // State is made durable by checkpoints, not by the write-ahead log (as Flink does).
        this.writeOptions = new WriteOptions().setSync(settings.syncWrites()).setDisableWAL(!settings.syncWrites());
        this.readOptions = new ReadOptions();
        try {
            List<byte[]> existing = existingFamilies(directory);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            List<Integer> ttls = new ArrayList<>();
            for (byte[] name : existing) {
                descriptors.add(new ColumnFamilyDescriptor(name, columnOptions));
                ttls.add(0); // reopened families keep no TTL until their state registers
            }
            this.db = TtlDB.open(dbOptions, directory.toString(), descriptors, handles, ttls, false);
            for (int i = 0; i < existing.size(); i++) {
                families.put(new String(existing.get(i), StandardCharsets.UTF_8), handles.get(i));
            }
        } catch (RocksDBException e) {
            closeOptions();
            throw error("cannot open RocksDB in " + directory, e);
        }
    }

    /**
     * Opens a fresh instance in {@code directory}: refuses a directory another process has open,
     * and wipes what a crashed earlier run left behind.
     */
    static RocksDbInstance createFresh(Path directory, RocksDbSettings settings) throws IOException {
        if (Files.exists(directory)) {
            ensureNotLocked(directory);
            FileTrees.deleteRecursively(directory);
        }
        Files.createDirectories(directory);
        return new RocksDbInstance(directory, settings);
    }

    /** Opens the instance already in {@code directory} (a restored checkpoint). */
    static RocksDbInstance openExisting(Path directory, RocksDbSettings settings) throws IOException {
        ensureNotLocked(directory);
        return new RocksDbInstance(directory, settings);
    }

    private static void ensureNotLocked(Path directory) throws IOException {
        Path lockFile = directory.resolve("LOCK");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("RocksDB directory " + directory + " is locked by another process: "
                        + "another job (or another run of this one) uses it");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IOException("RocksDB directory " + directory + " is already open in this process", e);
        }
    }

    private static List<byte[]> existingFamilies(Path directory) throws RocksDBException {
        try (Options options = new Options()) {
            List<byte[]> names = RocksDB.listColumnFamilies(options, directory.toString());
            return names.isEmpty() ? List.of(RocksDB.DEFAULT_COLUMN_FAMILY) : names;
        }
    }

    TtlDB db() {
        return db;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    ReadOptions readOptions() {
        return readOptions;
    }

    Path directory() {
        return directory;
    }

    /** The column family of state {@code name}, created on first use (with a TTL in seconds when > 0). */
    ColumnFamilyHandle family(String name, int ttlSeconds) throws IOException {
        ColumnFamilyHandle handle = families.get(name);
        if (handle != null) {
            return handle;
        }
        try {
            ColumnFamilyDescriptor descriptor = new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), columnOptions);
            handle = ttlSeconds > 0 ? db.createColumnFamilyWithTtl(descriptor, ttlSeconds) : db.createColumnFamily(descriptor);
        } catch (RocksDBException e) {
            throw error("cannot create column family '" + name + "' in " + directory, e);
        }
        handles.add(handle);
        families.put(name, handle);
        return handle;
    }

    /** State names with a column family (the default family excluded). */
    List<String> familyNames() {
        return families.keySet().stream().filter(n -> !n.equals("default")).sorted().toList();
    }

    ColumnFamilyHandle existingFamily(String name) {
        return families.get(name);
    }

    static IOException error(String what, RocksDBException e) {
        return new IOException(what + ": " + e.getMessage(), e);
    }

    private static CompressionType compression(String name) {
        return switch (name) {
            case "none" -> CompressionType.NO_COMPRESSION;
            case "snappy" -> CompressionType.SNAPPY_COMPRESSION;
            case "zstd" -> CompressionType.ZSTD_COMPRESSION;
            default -> CompressionType.LZ4_COMPRESSION;
        };
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        closeOptions();
    }

    private void closeOptions() {
        readOptions.close();
        writeOptions.close();
        dbOptions.close();
        columnOptions.close();
        if (bloomFilter != null) {
            bloomFilter.close();
        }
        blockCache.close();
    }
}
