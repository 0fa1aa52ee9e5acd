package io.sabot.state.broadcast;

import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReadOnlyBroadcastState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One broadcast state of a subtask: a map in insertion order (so that subtasks given the same
 * elements iterate it alike), and a read-only view of it for the non-broadcast side. Not
 * thread-safe: the subtask's thread uses it, and snapshots are taken on that thread.
 */
final class HeapBroadcastState<K, V> implements BroadcastState<K, V> {

    private final MapStateDescriptor<K, V> descriptor;
    private final String owner; // "agent 'x'", for messages
    final Map<K, V> map = new LinkedHashMap<>();
    private final ReadOnlyView readOnly = new ReadOnlyView();

    HeapBroadcastState(MapStateDescriptor<K, V> descriptor, String owner) {
        this.descriptor = descriptor;
        this.owner = owner;
    }

    MapStateDescriptor<K, V> descriptor() {
        return descriptor;
    }

    /** The view the non-broadcast side gets: reads this state, refuses to change it. */
    BroadcastState<K, V> readOnly() {
        return readOnly;
    }

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public boolean contains(K key) {
        return map.containsKey(key);
    }

    @Override
    public void put(K key, V value) {
        map.put(checked(key, "key"), checked(value, "value"));
    }

    @Override
    public void putAll(Map<K, V> entries) {
        entries.forEach(this::put);
    }

    @Override
    public void remove(K key) {
        map.remove(key);
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return map.entrySet().iterator();
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        return map.entrySet();
    }

    @Override
    public Iterable<Map.Entry<K, V>> immutableEntries() {
        return () -> {
            Iterator<Map.Entry<K, V>> entries = map.entrySet().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public Map.Entry<K, V> next() {
                    Map.Entry<K, V> entry = entries.next();
                    return new ReadOnlyEntry(entry.getKey(), entry.getValue());
                }

                @Override
                public void remove() {
                    throw readOnlyError("remove");
                }
            };
        };
    }

    @Override
    public void clear() {
        map.clear();
    }

    private <T> T checked(T value, String what) {
        return Objects.requireNonNull(value, () -> "broadcast state '" + descriptor.getName() + "' of " + owner
                + " takes no null " + what + (what.equals("value") ? " (remove the key instead)" : ""));
    }

    private UnsupportedOperationException readOnlyError(String operation) {
        return new UnsupportedOperationException("broadcast state '" + descriptor.getName() + "' of " + owner
                + " is read-only here (" + operation + "): only processBroadcastElement may change it, so that every"
                + " subtask keeps the same state");
    }

    /**
     * Refuses every change with a clear error: it implements {@link BroadcastState} (not only
     * {@link ReadOnlyBroadcastState}) so that a cast gives that error rather than a ClassCastException.
     */
    private final class ReadOnlyView implements BroadcastState<K, V> {
        @Override
        public V get(K key) {
            return map.get(key);
        }

        @Override
        public boolean contains(K key) {
            return map.containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> immutableEntries() {
            return HeapBroadcastState.this.immutableEntries();
        }

        @Override
        public void put(K key, V value) {
            throw readOnlyError("put");
        }

        @Override
        public void putAll(Map<K, V> entries) {
            throw readOnlyError("putAll");
        }

        @Override
        public void remove(K key) {
            throw readOnlyError("remove");
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            throw readOnlyError("iterator: use immutableEntries");
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            throw readOnlyError("entries: use immutableEntries");
        }

        @Override
        public void clear() {
            throw readOnlyError("clear");
        }
    }

    /** An entry of {@link #immutableEntries()}: setValue throws, naming the state. */
    private final class ReadOnlyEntry implements Map.Entry<K, V> {
        private final K key;
        private final V value;

        ReadOnlyEntry(K key, V value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return value;
        }

        @Override
        public V setValue(V newValue) {
            throw readOnlyError("setValue");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(key, e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(key) ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
