package io.sabot.actors.records;

import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.ReduceFunction;

/** A reduce as an aggregation whose accumulator is the reduced value (null before the first). */
public record ReduceAggregate<T>(ReduceFunction<T> reduce) implements AggregateFunction<T, T, T> {

    @Override
    public T createAccumulator() {
        return null;
    }

    @Override
    public T add(T value, T accumulator) {
        return accumulator == null ? value : reduceUnchecked(accumulator, value);
    }

    @Override
    public T getResult(T accumulator) {
        return accumulator;
    }

    @Override
    public T merge(T a, T b) {
        return reduceUnchecked(a, b);
    }

    private T reduceUnchecked(T a, T b) {
        try {
            return reduce.reduce(a, b);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the reduce function failed", e);
        }
    }
}
