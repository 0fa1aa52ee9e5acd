package io.sabot.state.api;

import java.util.Map;

/**
 * Broadcast state as the non-broadcast side of a broadcast function sees it (Flink's
 * {@code ReadOnlyBroadcastState}): one map per descriptor, the same on every subtask, which only the
 * broadcast side may change. Read-only because a change made here would be made on one subtask
 * only, and the subtasks' copies would drift apart.
 *
 * <p>Values are handed out as stored, not copied: a mutable value changed in place changes the
 * state of this subtask only. Keep values immutable (records).
 */
public interface ReadOnlyBroadcastState<K, V> {

    /** The value of {@code key}, or null. */
    V get(K key) throws Exception;

    boolean contains(K key) throws Exception;

    /** The entries, in insertion order; an attempt to change one throws, naming the state. */
    Iterable<Map.Entry<K, V>> immutableEntries() throws Exception;
}
