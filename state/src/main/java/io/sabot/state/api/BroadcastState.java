package io.sabot.state.api;

import java.util.Iterator;
import java.util.Map;

/**
 * Broadcast state as the broadcast side of a broadcast function sees it (Flink's
 * {@code BroadcastState}): a map per descriptor that every subtask changes alike, because every
 * subtask is given every broadcast element. It is snapshotted with the subtask's operator state and
 * restored on every subtask, at any parallelism. Null keys and values are refused ({@link #remove}
 * deletes).
 *
 * <p>Invariant for the user: a change must depend only on the broadcast element and the broadcast
 * state (not on the subtask, its keys or the clock), or the subtasks' copies differ.
 */
public interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {

    void put(K key, V value) throws Exception;

    void putAll(Map<K, V> map) throws Exception;

    void remove(K key) throws Exception;

    /** The entries, in insertion order; {@code Iterator.remove} and {@code Entry.setValue} change the state. */
    Iterator<Map.Entry<K, V>> iterator() throws Exception;

    /** The entries, in insertion order, changeable as {@link #iterator()}'s. */
    Iterable<Map.Entry<K, V>> entries() throws Exception;

    /** Removes every entry. */
    void clear();
}
