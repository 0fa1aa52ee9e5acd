package io.sabot.state.internal;

/**
 * How a backend stores one value per (state, current key). Values are "stored" values: the user
 * value, or a {@code TtlValue} when the state has a TTL; for a list state, a {@code List} of them.
 */
public interface ValueStorage {

    Object get() throws Exception;

    void put(Object stored) throws Exception;

    void remove() throws Exception;
}
