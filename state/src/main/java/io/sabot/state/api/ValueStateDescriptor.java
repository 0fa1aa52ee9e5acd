package io.sabot.state.api;

import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;

/** Describes a {@link ValueState}. */
public final class ValueStateDescriptor<T> extends StateDescriptor<T> {

    public ValueStateDescriptor(String name, Class<T> type) {
        this(name, TypeSerializers.forClass(type));
    }

    public ValueStateDescriptor(String name, TypeSerializer<T> serializer) {
        super(name, serializer);
    }

    @Override
    public Kind kind() {
        return Kind.VALUE;
    }
}
