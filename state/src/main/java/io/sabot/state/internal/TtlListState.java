package io.sabot.state.internal;

import io.sabot.state.api.ListState;
import io.sabot.state.ttl.Ttl;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ListState} over a {@link ValueStorage} holding a {@code List} of stored elements; with a
 * TTL each element has its own timestamp, as in Flink. Nulls are rejected; an empty list is absent.
 */
final class TtlListState<T> implements ListState<T> {

    private final ValueStorage storage;
    private final Ttl ttl;

    TtlListState(ValueStorage storage, Ttl ttl) {
        this.storage = storage;
        this.ttl = ttl;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterable<T> get() throws Exception {
        List<Object> stored = (List<Object>) storage.get();
        if (stored == null) {
            return null;
        }
        long now = ttl.now();
        List<T> values = new ArrayList<>(stored.size());
        List<Object> live = ttl.enabled() ? new ArrayList<>(stored.size()) : stored;
        boolean changed = false;
        for (Object element : stored) {
            if (ttl.isExpired(element, now)) {
                changed = true;
                if (ttl.returnExpired()) {
                    values.add(ttl.unwrap(element));
                }
                continue;
            }
            values.add(ttl.unwrap(element));
            if (ttl.enabled()) {
                Object kept = ttl.refreshOnRead() ? ttl.touch(element) : element;
                changed |= kept != element;
                live.add(kept);
            }
        }
        if (changed) {
            if (live.isEmpty()) {
                storage.remove();
            } else {
                storage.put(live);
            }
        }
        return values.isEmpty() ? null : values;
    }

    @Override
    public void add(T value) throws Exception {
        if (value == null) {
            throw new NullPointerException("a list state does not take null elements");
        }
        List<Object> list = current();
        list.add(ttl.wrap(value));
        storage.put(list);
    }

    @Override
    public void update(List<T> values) throws Exception {
        if (values == null || values.isEmpty()) {
            storage.remove();
            return;
        }
        storage.put(wrapAll(values));
    }

    @Override
    public void addAll(List<T> values) throws Exception {
        if (values == null || values.isEmpty()) {
            return;
        }
        List<Object> list = current();
        list.addAll(wrapAll(values));
        storage.put(list);
    }

    @Override
    public void clear() {
        StoredValues.clear(storage);
    }

    @SuppressWarnings("unchecked")
    private List<Object> current() throws Exception {
        List<Object> stored = (List<Object>) storage.get();
        return stored == null ? new ArrayList<>() : new ArrayList<>(stored);
    }

    private List<Object> wrapAll(List<T> values) {
        List<Object> wrapped = new ArrayList<>(values.size());
        for (T value : values) {
            if (value == null) {
                throw new NullPointerException("a list state does not take null elements");
            }
            wrapped.add(ttl.wrap(value));
        }
        return wrapped;
    }
}
