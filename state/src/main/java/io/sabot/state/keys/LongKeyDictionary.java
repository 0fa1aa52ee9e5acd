package io.sabot.state.keys;

import java.util.Arrays;

/**
 * Assigns dense ids 0, 1, 2, … to integer keys (Arrow Int32/Int64 key columns) in order of first
 * appearance. Not thread-safe: one dictionary belongs to one subtask.
 */
public final class LongKeyDictionary {

    private static final int EMPTY = -1;

    private int[] slots;
    private long[] keys; // per key id
    private int size;

    public LongKeyDictionary() {
        slots = new int[2048];
        Arrays.fill(slots, EMPTY);
        keys = new long[1024];
    }

    /** The id of {@code key}, adding it if new. */
    public int idOf(long key) {
        int mask = slots.length - 1;
        int slot = HashSpreader.spread(Long.hashCode(key)) & mask;
        while (true) {
            int id = slots[slot];
            if (id == EMPTY) {
                return insert(slot, key);
            }
            if (keys[id] == key) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    public int size() {
        return size;
    }

    public long key(int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("no key with id " + id + " (size " + size + ")");
        }
        return keys[id];
    }

    /** Forgets every key (ids start again at 0), keeping the allocated capacity. */
    public void clear() {
        Arrays.fill(slots, EMPTY);
        size = 0;
    }

    private int insert(int slot, long key) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        int id = size++;
        keys[id] = key;
        slots[slot] = id;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return id;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int slot = HashSpreader.spread(Long.hashCode(keys[id])) & mask;
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id;
        }
    }
}
