package io.sabot.state.internal;

import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.TimerQueue;
import io.sabot.state.keys.KeyType;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Timers in a sorted set on the heap (heap and columnar backends). */
public final class HeapTimerQueue implements TimerQueue {

    /** A timer ordered by time, then key group, key and namespace (so equal timers are one). */
    private record Entry(long timestamp, int keyGroup, byte[] key, byte[] namespace) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(timestamp, o.timestamp);
            if (c == 0) {
                c = Integer.compare(keyGroup, o.keyGroup);
            }
            if (c == 0) {
                c = Arrays.compareUnsigned(key, o.key);
            }
            return c != 0 ? c : Arrays.compareUnsigned(namespace, o.namespace);
        }
    }

    private final String name;
    private final KeyType keyType;
    private final Supplier<byte[]> currentKey;
    private final IntSupplier currentKeyGroup;
    private final TreeSet<Entry> timers = new TreeSet<>();

    public HeapTimerQueue(String name, KeyType keyType, Supplier<byte[]> currentKey, IntSupplier currentKeyGroup) {
        this.name = name;
        this.keyType = keyType;
        this.currentKey = currentKey;
        this.currentKeyGroup = currentKeyGroup;
    }

    @Override
    public void add(long timestamp, byte[] namespace) {
        timers.add(new Entry(timestamp, currentKeyGroup.getAsInt(), currentKey.get(), namespace));
    }

    @Override
    public void remove(long timestamp, byte[] namespace) {
        timers.remove(new Entry(timestamp, currentKeyGroup.getAsInt(), currentKey.get(), namespace));
    }

    @Override
    public long nextTimestamp() {
        return timers.isEmpty() ? Long.MAX_VALUE : timers.first().timestamp();
    }

    @Override
    public Timer pollUpTo(long upTo) {
        if (timers.isEmpty() || timers.first().timestamp() > upTo) {
            return null;
        }
        Entry entry = timers.pollFirst();
        return new Timer(entry.timestamp(), keyType.fromBytes(entry.key()), entry.namespace());
    }

    @Override
    public long size() {
        return timers.size();
    }

    /** Every timer as a state entry. */
    public void forEachEntry(Consumer<StateEntry> consumer) {
        for (Entry e : List.copyOf(timers)) {
            consumer.accept(TimerEntries.entry(name, e.keyGroup(), e.key(), e.timestamp(), e.namespace()));
        }
    }

    /** Adds restored timers. */
    public void restore(List<StateEntry> entries) {
        for (StateEntry entry : entries) {
            timers.add(new Entry(TimerEntries.timestamp(entry), entry.keyGroup(), entry.key(), TimerEntries.namespace(entry)));
        }
    }
}
