package io.sabot.state.api;

import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;
import java.util.Objects;

/** Describes a {@link MapState}; {@link #getSerializer()} is the value serializer. */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor<UV> {

    private final TypeSerializer<UK> keySerializer;

    public MapStateDescriptor(String name, Class<UK> keyType, Class<UV> valueType) {
        this(name, TypeSerializers.forClass(keyType), TypeSerializers.forClass(valueType));
    }

    public MapStateDescriptor(String name, TypeSerializer<UK> keySerializer, TypeSerializer<UV> valueSerializer) {
        super(name, valueSerializer);
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
    }

    public TypeSerializer<UK> getKeySerializer() {
        return keySerializer;
    }

    @Override
    public Kind kind() {
        return Kind.MAP;
    }
}
