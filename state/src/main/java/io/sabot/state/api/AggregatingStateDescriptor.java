package io.sabot.state.api;

import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;
import java.util.Objects;

/** Describes an {@link AggregatingState}; the serializer is the accumulator's. */
public final class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<ACC> {

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      Class<ACC> accumulatorType) {
        this(name, aggregateFunction, TypeSerializers.forClass(accumulatorType));
    }

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      TypeSerializer<ACC> accumulatorSerializer) {
        super(name, accumulatorSerializer);
        this.aggregateFunction = Objects.requireNonNull(aggregateFunction, "aggregateFunction");
    }

    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    @Override
    public Kind kind() {
        return Kind.AGGREGATING;
    }
}
