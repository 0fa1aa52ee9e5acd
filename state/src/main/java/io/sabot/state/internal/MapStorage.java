package io.sabot.state.internal;

import java.util.List;
import java.util.Map;

/** How a backend stores a map per (state, current key); values are stored values (see {@link ValueStorage}). */
public interface MapStorage {

    Object get(Object userKey) throws Exception;

    void put(Object userKey, Object stored) throws Exception;

    void remove(Object userKey) throws Exception;

    /** A copy of the current key's entries. */
    List<Map.Entry<Object, Object>> entries() throws Exception;

    void clear() throws Exception;
}
