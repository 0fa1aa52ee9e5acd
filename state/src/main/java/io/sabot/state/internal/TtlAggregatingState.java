package io.sabot.state.internal;

import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.AggregatingState;
import io.sabot.state.ttl.Ttl;

/** {@link AggregatingState} over a {@link ValueStorage} holding the accumulator. */
final class TtlAggregatingState<IN, ACC, OUT> implements AggregatingState<IN, OUT> {

    private final ValueStorage storage;
    private final Ttl ttl;
    private final AggregateFunction<IN, ACC, OUT> function;

    TtlAggregatingState(ValueStorage storage, Ttl ttl, AggregateFunction<IN, ACC, OUT> function) {
        this.storage = storage;
        this.ttl = ttl;
        this.function = function;
    }

    @Override
    public OUT get() throws Exception {
        ACC accumulator = StoredValues.read(storage, ttl);
        return accumulator == null ? null : function.getResult(accumulator);
    }

    @Override
    public void add(IN value) throws Exception {
        ACC accumulator = StoredValues.readForUpdate(storage, ttl);
        if (accumulator == null) {
            accumulator = function.createAccumulator();
        }
        storage.put(ttl.wrap(function.add(value, accumulator)));
    }

    @Override
    public void clear() {
        StoredValues.clear(storage);
    }
}
