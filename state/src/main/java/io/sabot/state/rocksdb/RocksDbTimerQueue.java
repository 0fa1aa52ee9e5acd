package io.sabot.state.rocksdb;

import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.TimerQueue;
import io.sabot.state.internal.TimerEntries;
import io.sabot.state.keys.KeyType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Timers in a RocksDB column family, keyed {@code timestamp (8 bytes, sign flipped so byte order is
 * numeric order) | key group · key length · key | namespace}: iteration order is firing order, and
 * millions of timers cost disk, not heap. The smallest timers are cached in memory (as Flink does), so
 * firing does not re-scan the tombstones of timers already fired.
 */
final class RocksDbTimerQueue implements TimerQueue {

    private static final int CACHE_SIZE = 256;

    private final String name;
    private final RocksDbInstance instance;
    private final ColumnFamilyHandle family;
    private final KeyType keyType;
    private final Supplier<byte[]> currentPrefix;
    private final TreeSet<byte[]> head = new TreeSet<>(Arrays::compareUnsigned);
    private boolean headIsAll; // true when the cache holds every timer
    private byte[] lastPolled; // iteration may start here: everything before it has fired
    private long size;

    RocksDbTimerQueue(String name, RocksDbInstance instance, ColumnFamilyHandle family, KeyType keyType,
                      Supplier<byte[]> currentPrefix) {
        this.name = name;
        this.instance = instance;
        this.family = family;
        this.keyType = keyType;
        this.currentPrefix = currentPrefix;
        this.size = count();
    }

    static byte[] key(long timestamp, byte[] prefix, byte[] namespace) {
        return ByteBuffer.allocate(8 + prefix.length + namespace.length)
                .putLong(timestamp ^ Long.MIN_VALUE).put(prefix).put(namespace).array();
    }

    static long timestampOf(byte[] key) {
        return ByteBuffer.wrap(key).getLong() ^ Long.MIN_VALUE;
    }

    @Override
    public void add(long timestamp, byte[] namespace) {
        byte[] key = key(timestamp, currentPrefix.get(), namespace);
        try {
            if (instance.db().get(family, instance.readOptions(), key) != null) {
                return; // one timer per (key, timestamp, namespace)
            }
            instance.db().put(family, instance.writeOptions(), key, new byte[0]);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot register a timer in " + instance.directory(), e);
        }
        size++;
        if (lastPolled != null && Arrays.compareUnsigned(key, lastPolled) < 0) {
            lastPolled = null; // an early timer: the next refill must start from the beginning
        }
        if (headIsAll || (!head.isEmpty() && Arrays.compareUnsigned(key, head.last()) < 0)) {
            head.add(key);
            if (head.size() > CACHE_SIZE) {
                head.pollLast();
                headIsAll = false;
            }
        }
    }

    @Override
    public void remove(long timestamp, byte[] namespace) {
        byte[] key = key(timestamp, currentPrefix.get(), namespace);
        try {
            if (instance.db().get(family, instance.readOptions(), key) == null) {
                return;
            }
            instance.db().delete(family, instance.writeOptions(), key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot delete a timer in " + instance.directory(), e);
        }
        size--;
        head.remove(key);
    }

    @Override
    public long nextTimestamp() {
        byte[] first = first();
        return first == null ? Long.MAX_VALUE : timestampOf(first);
    }

    @Override
    public Timer pollUpTo(long upTo) {
        byte[] first = first();
        if (first == null || timestampOf(first) > upTo) {
            return null;
        }
        head.pollFirst();
        try {
            instance.db().delete(family, instance.writeOptions(), first);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot delete a fired timer in " + instance.directory(), e);
        }
        size--;
        lastPolled = first;
        int keyLength = ByteBuffer.wrap(first, 10, 4).getInt();
        byte[] key = Arrays.copyOfRange(first, 14, 14 + keyLength);
        byte[] namespace = Arrays.copyOfRange(first, 14 + keyLength, first.length);
        return new Timer(timestampOf(first), keyType.fromBytes(key), namespace);
    }

    @Override
    public long size() {
        return size;
    }

    private byte[] first() {
        if (head.isEmpty() && !headIsAll) {
            refill();
        }
        return head.isEmpty() ? null : head.first();
    }

    /** Loads the smallest timers into the cache, starting after the last one fired. */
    private void refill() {
        try (Slice lower = lastPolled == null ? null : new Slice(lastPolled);
             ReadOptions options = new ReadOptions();
             RocksIterator iterator = instance.db().newIterator(family, lower == null ? options : options.setIterateLowerBound(lower))) {
            int loaded = 0;
            for (iterator.seekToFirst(); iterator.isValid() && loaded < CACHE_SIZE; iterator.next()) {
                head.add(iterator.key());
                loaded++;
            }
            headIsAll = loaded < CACHE_SIZE;
        }
    }

    private long count() {
        long count = 0;
        try (RocksIterator iterator = instance.db().newIterator(family, instance.readOptions())) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                count++;
            }
        }
        return count;
    }

    /** Every timer as an entry (exports). */
    void forEachEntry(Consumer<StateEntry> consumer) {
        try (RocksIterator iterator = instance.db().newIterator(family, instance.readOptions())) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] stored = iterator.key();
                byte[] prefix = Arrays.copyOfRange(stored, 8, stored.length);
                int keyLength = ByteBuffer.wrap(prefix, 2, 4).getInt();
                consumer.accept(TimerEntries.entry(name, RocksDbKeys.keyGroup(prefix), RocksDbKeys.key(prefix),
                        stored.length == 0 ? 0 : timestampOf(stored),
                        Arrays.copyOfRange(prefix, RocksDbKeys.HEADER + keyLength, prefix.length)));
            }
        }
    }
}
