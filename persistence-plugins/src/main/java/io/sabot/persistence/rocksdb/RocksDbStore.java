package io.sabot.persistence.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open RocksDB directory with its column families and every native object it needs. As Kafka
 * Streams' RocksDBStore, it owns everything it opens (cache, filter, options, handles, the database)
 * and closes all of it, in reverse order, exactly once.
 *
 * <p>Native calls on a closed database crash the JVM, so every use takes a {@link Lease}: close waits
 * until the leases held have been returned, and a lease asked for after close fails.
 */
public final class RocksDbStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RocksDbStore.class);

    private final Path dir;
    private final RocksDB db;
    private final Map<String, ColumnFamilyHandle> columnFamilies;
    private final WriteOptions writeOptions;
    /** Native objects other than the database, in the order they were created. */
    private final List<AutoCloseable> ownedResources;
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private final Lease lease = new Lease();
    private boolean closed; // guarded by closeLock

    private RocksDbStore(Path dir, RocksDB db, Map<String, ColumnFamilyHandle> columnFamilies,
            WriteOptions writeOptions, List<AutoCloseable> ownedResources) {
        this.dir = dir;
        this.db = db;
        this.columnFamilies = columnFamilies;
        this.writeOptions = writeOptions;
        this.ownedResources = ownedResources;
    }

    /** Opens (creating if needed) the database in {@code settings.dir()} with these column families. */
    public static RocksDbStore open(RocksDbSettings settings, List<String> columnFamilyNames) {
        RocksDB.loadLibrary();
        Path dir = settings.dir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw RocksDbOpenException.of(dir, e);
        }
        List<AutoCloseable> owned = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            LRUCache cache = own(owned, new LRUCache(settings.blockCacheSize()));
            BloomFilter filter = own(owned, new BloomFilter(10));
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(filter)
                    .setBlockSize(settings.blockSize());
            ColumnFamilyOptions columnFamilyOptions = own(owned, new ColumnFamilyOptions()
                    .setWriteBufferSize(settings.writeBufferSize())
                    .setMaxWriteBufferNumber(settings.maxWriteBufferNumber())
                    .setCompressionType(settings.compression())
                    .setTableFormatConfig(table));
            DBOptions dbOptions = own(owned, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(settings.maxBackgroundJobs()));
            WriteOptions writeOptions = own(owned, new WriteOptions().setSync(settings.syncWrites()));

            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnFamilyOptions));
            for (String name : columnFamilyNames) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), columnFamilyOptions));
            }
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            Map<String, ColumnFamilyHandle> byName = new HashMap<>();
            byName.put("default", handles.get(0));
            for (int i = 0; i < columnFamilyNames.size(); i++) {
                byName.put(columnFamilyNames.get(i), handles.get(i + 1));
            }
            return new RocksDbStore(dir, db, byName, writeOptions, owned);
        } catch (RocksDBException | RuntimeException e) {
            handles.forEach(ColumnFamilyHandle::close);
            closeInReverse(owned);
            throw RocksDbOpenException.of(dir, e);
        }
    }

    private static <T extends AutoCloseable> T own(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    /** Takes a lease for one use of the database; return it with close (try-with-resources). */
    public Lease use() {
        closeLock.readLock().lock();
        if (closed) {
            closeLock.readLock().unlock();
            throw new IllegalStateException("RocksDB at " + dir + " is closed");
        }
        return lease;
    }

    public RocksDB db() {
        return db;
    }

    public ColumnFamilyHandle columnFamily(String name) {
        return columnFamilies.get(name);
    }

    /** Write options with {@code sync} as configured ({@code sync-writes}). */
    public WriteOptions writeOptions() {
        return writeOptions;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            columnFamilies.values().forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                log.warn("closing RocksDB at {} failed: {}", dir, e.getMessage());
            }
            closeInReverse(ownedResources);
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    private static void closeInReverse(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing a RocksDB resource failed", e);
            }
        }
    }

    /** Proof that the database stays open until {@link #close()} is called on this lease. */
    public final class Lease implements AutoCloseable {
        private Lease() {
        }

        @Override
        public void close() {
            closeLock.readLock().unlock();
        }
    }
}
