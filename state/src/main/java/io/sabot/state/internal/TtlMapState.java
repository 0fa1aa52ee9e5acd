package io.sabot.state.internal;

import io.sabot.state.api.MapState;
import io.sabot.state.ttl.Ttl;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link MapState} over a {@link MapStorage}; with a TTL every entry has its own timestamp. */
final class TtlMapState<UK, UV> implements MapState<UK, UV> {

    private final MapStorage storage;
    private final Ttl ttl;

    TtlMapState(MapStorage storage, Ttl ttl) {
        this.storage = storage;
        this.ttl = ttl;
    }

    @Override
    public UV get(UK key) throws Exception {
        Object stored = storage.get(requireKey(key));
        if (stored == null) {
            return null;
        }
        if (ttl.isExpired(stored)) {
            storage.remove(key);
            return ttl.returnExpired() ? ttl.unwrap(stored) : null;
        }
        if (ttl.enabled() && ttl.refreshOnRead()) {
            storage.put(key, ttl.touch(stored));
        }
        return ttl.unwrap(stored);
    }

    /** Unlike Flink, a null value is rejected (so "absent" and "null" never need telling apart). */
    @Override
    public void put(UK key, UV value) throws Exception {
        Objects.requireNonNull(value, "a map state value must not be null");
        storage.put(requireKey(key), ttl.wrap(value));
    }

    @Override
    public void putAll(Map<UK, UV> map) throws Exception {
        for (Map.Entry<UK, UV> entry : map.entrySet()) {
            put(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public void remove(UK key) throws Exception {
        storage.remove(requireKey(key));
    }

    @Override
    public boolean contains(UK key) throws Exception {
        return get(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterable<Map.Entry<UK, UV>> entries() throws Exception {
        long now = ttl.now();
        List<Map.Entry<UK, UV>> live = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : storage.entries()) {
            Object stored = entry.getValue();
            if (ttl.isExpired(stored, now)) {
                storage.remove(entry.getKey());
                if (!ttl.returnExpired()) {
                    continue;
                }
            } else if (ttl.enabled() && ttl.refreshOnRead()) {
                storage.put(entry.getKey(), ttl.touch(stored));
            }
            live.add(new AbstractMap.SimpleImmutableEntry<>((UK) entry.getKey(), ttl.unwrap(stored)));
        }
        return live;
    }

    @Override
    public Iterable<UK> keys() throws Exception {
        List<UK> keys = new ArrayList<>();
        entries().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    @Override
    public Iterable<UV> values() throws Exception {
        List<UV> values = new ArrayList<>();
        entries().forEach(e -> values.add(e.getValue()));
        return values;
    }

    @Override
    public boolean isEmpty() throws Exception {
        return !entries().iterator().hasNext();
    }

    @Override
    public void clear() {
        try {
            storage.clear();
        } catch (Exception e) {
            throw new IllegalStateException("clearing state failed", e);
        }
    }

    private static <K> K requireKey(K key) {
        return Objects.requireNonNull(key, "a map state does not take null keys");
    }
}
