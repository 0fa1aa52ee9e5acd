package io.sabot.state.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Assigns dense ids 0, 1, 2, … to UTF-8 keys in order of first appearance, so per-key state can
 * live in primitive arrays indexed by id. Keys are read straight from Arrow memory; no String is
 * created on lookup. Not thread-safe: one dictionary belongs to one subtask.
 */
public final class Utf8KeyDictionary {

    private static final int EMPTY = -1;

    private int[] slots;          // open addressing, linear probing: key id or EMPTY
    private int[] hashes;         // per key id: Java String hash code
    private int[] starts;         // per key id: first byte in keyBytes
    private int[] lengths;        // per key id: byte length
    private byte[] keyBytes;
    private int keyBytesUsed;
    private int size;
    private String[] strings;     // per key id, created on demand

    // Keys of at most 8 bytes (tickers) also have a table keyed by their bytes packed into a long:
    // one probe and one comparison per lookup, and no hash code computed for known keys.
    // Slot i is shortTable[2i] = packed bytes, shortTable[2i + 1] = (id << 8 | length) + 1 (0: empty),
    // so a probe reads one cache line.
    private long[] shortTable;
    private long[] packed;        // per key id: bytes little-endian, zero-padded (short keys only)

    public Utf8KeyDictionary() {
        this(1024);
    }

    public Utf8KeyDictionary(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) << 1;
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        hashes = new int[Math.max(16, expectedKeys)];
        starts = new int[hashes.length];
        lengths = new int[hashes.length];
        strings = new String[hashes.length];
        keyBytes = new byte[Math.max(64, expectedKeys * 8)];
        shortTable = new long[2 * capacity];
        packed = new long[hashes.length];
    }

    /** The bytes of a key of at most 8 bytes packed into a long (little-endian, zero-padded). */
    public static long pack(long address, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (MemoryUtil.getByte(address + i) & 0xff);
        }
        return value;
    }

    /**
     * The id of a key of at most 8 bytes given packed (see {@link #pack}), or -1 when it is new
     * (then add it with {@link #idOf(long, int, int)}).
     */
    public int findShort(long packedKey, int length) {
        long[] table = shortTable;
        int mask = (table.length >> 1) - 1;
        int slot = shortSlot(packedKey, length) & mask;
        while (true) {
            long meta = table[2 * slot + 1];
            if (meta == 0) {
                return -1;
            }
            if (table[2 * slot] == packedKey && ((meta - 1) & 0xff) == length) {
                return (int) ((meta - 1) >>> 8);
            }
            slot = (slot + 1) & mask;
        }
    }

    private static void putShort(long[] table, int id, long packedKey, int length) {
        int mask = (table.length >> 1) - 1;
        int slot = shortSlot(packedKey, length) & mask;
        while (table[2 * slot + 1] != 0) {
            slot = (slot + 1) & mask;
        }
        table[2 * slot] = packedKey;
        table[2 * slot + 1] = (((long) id << 8) | length) + 1;
    }

    private static int shortSlot(long packedKey, int length) {
        long h = (packedKey ^ ((long) length << 59)) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) ^ (int) h;
    }

    /** The id of the key at {@code address}, adding it if new. {@code hash} is its Java hash code. */
    public int idOf(long address, int length, int hash) {
        return probe(null, address, length, hash);
    }

    /** The id of a key given as a Java string, adding it if new (tests and restores, not the hot path). */
    public int idOf(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return probe(bytes, 0, bytes.length, key.hashCode());
    }

    /** Finds or adds a key held off-heap at {@code address} (heap == null) or in heap[address…]. */
    private int probe(byte[] heap, long address, int length, int hash) {
        int mask = slots.length - 1;
        int slot = HashSpreader.spread(hash) & mask;
        while (true) {
            int id = slots[slot];
            if (id == EMPTY) {
                return insert(slot, heap, address, length, hash);
            }
            if (hashes[id] == hash && lengths[id] == length && sameBytes(id, heap, address, length)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** How many distinct keys have been seen; ids are 0 … size − 1. */
    public int size() {
        return size;
    }

    /** The Java hash code of key {@code id}. */
    public int hash(int id) {
        return hashes[id];
    }

    /** The UTF-8 bytes of key {@code id}. */
    public byte[] bytes(int id) {
        return Arrays.copyOfRange(keyBytes, starts[id], starts[id] + lengths[id]);
    }

    /** Forgets every key (ids start again at 0), keeping the allocated capacity. */
    public void clear() {
        Arrays.fill(slots, EMPTY);
        Arrays.fill(shortTable, 0);
        Arrays.fill(strings, 0, size, null);
        size = 0;
        keyBytesUsed = 0;
    }

    /** Key {@code id} as a String (created once, then cached). */
    public String key(int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("no key with id " + id + " (size " + size + ")");
        }
        String s = strings[id];
        if (s == null) {
            s = new String(keyBytes, starts[id], lengths[id], StandardCharsets.UTF_8);
            strings[id] = s;
        }
        return s;
    }

    private boolean sameBytes(int id, byte[] heap, long address, int length) {
        int start = starts[id];
        if (heap != null) {
            return Arrays.equals(keyBytes, start, start + length, heap, (int) address, (int) address + length);
        }
        for (int i = 0; i < length; i++) {
            if (keyBytes[start + i] != MemoryUtil.getByte(address + i)) {
                return false;
            }
        }
        return true;
    }

    private int insert(int slot, byte[] heap, long address, int length, int hash) {
        int id = add(hash, length);
        if (heap != null) {
            System.arraycopy(heap, (int) address, keyBytes, starts[id], length);
        } else {
            MemoryUtil.copyFromMemory(address, keyBytes, starts[id], length);
        }
        slots[slot] = id;
        if (length <= 8) {
            long value = 0;
            for (int i = length - 1; i >= 0; i--) {
                value = (value << 8) | (keyBytes[starts[id] + i] & 0xff);
            }
            packed[id] = value;
            putShort(shortTable, id, value, length);
        }
        growIfNeeded();
        return id;
    }

    private int add(int hash, int length) {
        if (size == hashes.length) {
            int newLength = hashes.length * 2;
            hashes = Arrays.copyOf(hashes, newLength);
            packed = Arrays.copyOf(packed, newLength);
            starts = Arrays.copyOf(starts, newLength);
            lengths = Arrays.copyOf(lengths, newLength);
            strings = Arrays.copyOf(strings, newLength);
        }
        if (keyBytesUsed + length > keyBytes.length) {
            keyBytes = Arrays.copyOf(keyBytes, Math.max(keyBytes.length * 2, keyBytesUsed + length));
        }
        int id = size++;
        hashes[id] = hash;
        starts[id] = keyBytesUsed;
        lengths[id] = length;
        keyBytesUsed += length;
        return id;
    }

    private void growIfNeeded() {
        if (size * 2 <= slots.length) {
            return; // load factor stays at most 1/2
        }
        int[] bigger = new int[slots.length * 2];
        Arrays.fill(bigger, EMPTY);
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = HashSpreader.spread(hashes[id]) & mask;
            while (bigger[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = id;
        }
        slots = bigger;
        long[] biggerShort = new long[2 * bigger.length];
        for (int id = 0; id < size; id++) {
            if (lengths[id] <= 8) {
                putShort(biggerShort, id, packed[id], lengths[id]);
            }
        }
        shortTable = biggerShort;
    }
}
