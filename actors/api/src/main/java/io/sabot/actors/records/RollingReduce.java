package io.sabot.actors.records;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.state.api.ReduceFunction;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;

/**
 * Flink's rolling {@code KeyedStream.reduce}: for every record, the key's reduced value so far
 * (the record itself for the key's first) is kept in keyed state and emitted with the record's timestamp.
 */
public final class RollingReduce<T extends Record> extends KeyedProcessFunction<Object, T, T> {

    private final ReduceFunction<T> reduce;
    private final Class<T> type;
    private ValueState<T> reduced;

    public RollingReduce(ReduceFunction<T> reduce, Class<T> type) {
        this.reduce = reduce;
        this.type = type;
    }

    @Override
    public void open() {
        reduced = getRuntimeContext().getState(new ValueStateDescriptor<>("reduced", type));
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        T current = reduced.value();
        T next = current == null ? value : reduce.reduce(current, value);
        reduced.update(next);
        out.collect(next);
    }
}
