package io.sabot.state.api;

import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;
import java.util.Objects;

/** Describes a {@link ReducingState}. */
public final class ReducingStateDescriptor<T> extends StateDescriptor<T> {

    private final ReduceFunction<T> reduceFunction;

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
        this(name, reduceFunction, TypeSerializers.forClass(type));
    }

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeSerializer<T> serializer) {
        super(name, serializer);
        this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduceFunction");
    }

    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }

    @Override
    public Kind kind() {
        return Kind.REDUCING;
    }
}
