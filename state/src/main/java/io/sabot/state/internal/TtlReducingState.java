package io.sabot.state.internal;

import io.sabot.state.api.ReduceFunction;
import io.sabot.state.api.ReducingState;
import io.sabot.state.ttl.Ttl;

/** {@link ReducingState} over a {@link ValueStorage}. */
final class TtlReducingState<T> implements ReducingState<T> {

    private final ValueStorage storage;
    private final Ttl ttl;
    private final ReduceFunction<T> reduce;

    TtlReducingState(ValueStorage storage, Ttl ttl, ReduceFunction<T> reduce) {
        this.storage = storage;
        this.ttl = ttl;
        this.reduce = reduce;
    }

    @Override
    public T get() throws Exception {
        return StoredValues.read(storage, ttl);
    }

    @Override
    public void add(T value) throws Exception {
        if (value == null) {
            throw new NullPointerException("a reducing state does not take null values");
        }
        T current = StoredValues.readForUpdate(storage, ttl);
        storage.put(ttl.wrap(current == null ? value : reduce.reduce(current, value)));
    }

    @Override
    public void clear() {
        StoredValues.clear(storage);
    }
}
