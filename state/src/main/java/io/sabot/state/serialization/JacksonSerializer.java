package io.sabot.state.serialization;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Any Jackson-mappable class (records, POJOs, collections of them) as CBOR with a length prefix.
 * The pluggable serializer for user types; never Java serialization.
 */
public final class JacksonSerializer<T> implements TypeSerializer<T> {

    private static final ObjectMapper MAPPER = CBORMapper.builder().findAndAddModules().build();

    private final Class<T> type;

    public JacksonSerializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public String id() {
        return "jackson:" + type.getName();
    }

    @Override
    public void serialize(T value, DataOutput out) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public T deserialize(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return MAPPER.readValue(bytes, type);
    }

    @Override
    public T copy(T value) {
        if (value == null || value instanceof Record && isShallowImmutable(value)) {
            return value;
        }
        try {
            return MAPPER.readValue(MAPPER.writeValueAsBytes(value), type);
        } catch (IOException e) {
            throw new IllegalStateException("copying a " + type.getName() + " failed", e);
        }
    }

    /** Records whose components are all immutable JDK types need no copy. */
    private static boolean isShallowImmutable(Object record) {
        for (var component : record.getClass().getRecordComponents()) {
            Class<?> t = component.getType();
            if (!(t.isPrimitive() || t == String.class || Number.class.isAssignableFrom(t) || t == Boolean.class
                    || t.isEnum())) {
                return false;
            }
        }
        return true;
    }
}
