package io.sabot.state.api;

import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;

/** Describes a {@link ListState}; the serializer is the element serializer. */
public final class ListStateDescriptor<T> extends StateDescriptor<T> {

    public ListStateDescriptor(String name, Class<T> elementType) {
        this(name, TypeSerializers.forClass(elementType));
    }

    public ListStateDescriptor(String name, TypeSerializer<T> elementSerializer) {
        super(name, elementSerializer);
    }

    @Override
    public Kind kind() {
        return Kind.LIST;
    }
}
