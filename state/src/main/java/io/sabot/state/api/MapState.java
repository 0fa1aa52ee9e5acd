package io.sabot.state.api;

import java.util.Map;

/** A map per key, as Flink's {@code MapState}; null user keys are rejected. */
public interface MapState<UK, UV> extends State {

    UV get(UK key) throws Exception;

    void put(UK key, UV value) throws Exception;

    void putAll(Map<UK, UV> map) throws Exception;

    void remove(UK key) throws Exception;

    boolean contains(UK key) throws Exception;

    /** A snapshot of the current key's entries (changes to the state do not show in it). */
    Iterable<Map.Entry<UK, UV>> entries() throws Exception;

    Iterable<UK> keys() throws Exception;

    Iterable<UV> values() throws Exception;

    boolean isEmpty() throws Exception;
}
