package io.sabot.state.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.RecordComponent;

/**
 * A Java record written component by component with the built-in serializers (and nested records
 * likewise): what per-record functions keep in state. A component that may be null (a boxed
 * primitive, a String, an array, a record) is preceded by a presence byte; a primitive one is not.
 * The id names the record and its components' names and types, so a state written by another
 * shape of the record is refused on restore rather than misread. A record of immutable components
 * is itself immutable: copying it is free.
 *
 * <p>Made by {@link TypeSerializers#forClass} for records whose components it can all write;
 * other records fall back to Jackson.
 */
final class RecordSerializer<T> implements TypeSerializer<T> {

    private final Class<T> type;
    private final String id;
    private final RecordAccess<T> access;
    private final TypeSerializer<Object>[] components;
    private final boolean[] nullable;
    private final boolean immutable;

    /** Null when a component of {@code type} (or of a nested record) has no serializer here. */
    @SuppressWarnings("unchecked")
    static <T> RecordSerializer<T> of(Class<T> type) {
        RecordComponent[] parts = type.getRecordComponents();
        TypeSerializer<Object>[] serializers = new TypeSerializer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Class<?> componentType = parts[i].getType();
            TypeSerializer<?> serializer = TypeSerializers.builtIn(componentType);
            if (serializer == null && componentType.isRecord()) {
                serializer = of(componentType);
            }
            if (serializer == null) {
                return null;
            }
            serializers[i] = (TypeSerializer<Object>) serializer;
        }
        try {
            return new RecordSerializer<>(type, RecordAccess.of(type), parts, serializers);
        } catch (IllegalAccessException | NoSuchMethodException e) {
            return null; // not public: Jackson reports what it can do with it
        }
    }

    private RecordSerializer(Class<T> type, RecordAccess<T> access, RecordComponent[] parts,
                             TypeSerializer<Object>[] components) {
        this.type = type;
        this.access = access;
        this.components = components;
        this.nullable = new boolean[parts.length];
        boolean allImmutable = true;
        StringBuilder shape = new StringBuilder("record:").append(type.getName()).append('(');
        for (int i = 0; i < parts.length; i++) {
            shape.append(i == 0 ? "" : ",").append(parts[i].getName()).append(':').append(components[i].id());
            nullable[i] = !parts[i].getType().isPrimitive();
            allImmutable &= !parts[i].getType().isArray()
                    && !(components[i] instanceof RecordSerializer<?> nested && !nested.immutable);
        }
        this.immutable = allImmutable;
        this.id = shape.append(')').toString();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void serialize(T value, DataOutput out) throws IOException {
        for (int i = 0; i < components.length; i++) {
            Object component = access.get(value, i);
            if (nullable[i]) {
                out.writeBoolean(component != null);
                if (component == null) {
                    continue;
                }
            }
            components[i].serialize(component, out);
        }
    }

    @Override
    public T deserialize(DataInput in) throws IOException {
        Object[] values = new Object[components.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = !nullable[i] || in.readBoolean() ? components[i].deserialize(in) : null;
        }
        return access.make(values);
    }

    @Override
    public T copy(T value) {
        return immutable || value == null ? value : fromBytes(toBytes(value));
    }
}
