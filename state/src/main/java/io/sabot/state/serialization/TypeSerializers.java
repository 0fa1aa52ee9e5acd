package io.sabot.state.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The built-in serializers, and the choice of one for a Java class. */
public final class TypeSerializers {

    private TypeSerializers() {}

    public static final TypeSerializer<Long> LONG = new Immutable<>("long") {
        @Override
        public void serialize(Long value, DataOutput out) throws IOException {
            out.writeLong(value);
        }

        @Override
        public Long deserialize(DataInput in) throws IOException {
            return in.readLong();
        }
    };

    public static final TypeSerializer<Integer> INT = new Immutable<>("int") {
        @Override
        public void serialize(Integer value, DataOutput out) throws IOException {
            out.writeInt(value);
        }

        @Override
        public Integer deserialize(DataInput in) throws IOException {
            return in.readInt();
        }
    };

    public static final TypeSerializer<Double> DOUBLE = new Immutable<>("double") {
        @Override
        public void serialize(Double value, DataOutput out) throws IOException {
            out.writeDouble(value);
        }

        @Override
        public Double deserialize(DataInput in) throws IOException {
            return in.readDouble();
        }
    };

    public static final TypeSerializer<Boolean> BOOLEAN = new Immutable<>("boolean") {
        @Override
        public void serialize(Boolean value, DataOutput out) throws IOException {
            out.writeBoolean(value);
        }

        @Override
        public Boolean deserialize(DataInput in) throws IOException {
            return in.readBoolean();
        }
    };

    /** UTF-8 with a length prefix (not limited to 64 KiB as {@code writeUTF} is). */
    public static final TypeSerializer<String> STRING = new Immutable<>("string") {
        @Override
        public void serialize(String value, DataOutput out) throws IOException {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public String deserialize(DataInput in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    public static final TypeSerializer<byte[]> BYTES = new TypeSerializer<>() {
        @Override
        public String id() {
            return "bytes";
        }

        @Override
        public void serialize(byte[] value, DataOutput out) throws IOException {
            out.writeInt(value.length);
            out.write(value);
        }

        @Override
        public byte[] deserialize(DataInput in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return bytes;
        }

        @Override
        public byte[] copy(byte[] value) {
            return value.clone();
        }
    };

    public static final TypeSerializer<double[]> DOUBLE_ARRAY = new TypeSerializer<>() {
        @Override
        public String id() {
            return "double[]";
        }

        @Override
        public void serialize(double[] value, DataOutput out) throws IOException {
            out.writeInt(value.length);
            for (double v : value) {
                out.writeDouble(v);
            }
        }

        @Override
        public double[] deserialize(DataInput in) throws IOException {
            double[] values = new double[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            return values;
        }

        @Override
        public double[] copy(double[] value) {
            return value.clone();
        }
    };

    public static final TypeSerializer<long[]> LONG_ARRAY = new TypeSerializer<>() {
        @Override
        public String id() {
            return "long[]";
        }

        @Override
        public void serialize(long[] value, DataOutput out) throws IOException {
            out.writeInt(value.length);
            for (long v : value) {
                out.writeLong(v);
            }
        }

        @Override
        public long[] deserialize(DataInput in) throws IOException {
            long[] values = new long[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readLong();
            }
            return values;
        }

        @Override
        public long[] copy(long[] value) {
            return value.clone();
        }
    };

    private static final Map<Class<?>, TypeSerializer<?>> BUILT_IN = Map.ofEntries(
            Map.entry(Long.class, LONG), Map.entry(long.class, LONG),
            Map.entry(Integer.class, INT), Map.entry(int.class, INT),
            Map.entry(Double.class, DOUBLE), Map.entry(double.class, DOUBLE),
            Map.entry(Boolean.class, BOOLEAN), Map.entry(boolean.class, BOOLEAN),
            Map.entry(String.class, STRING),
            Map.entry(byte[].class, BYTES), Map.entry(double[].class, DOUBLE_ARRAY), Map.entry(long[].class, LONG_ARRAY));

    /**
     * A built-in serializer for {@code type}; for a record of components it can write (these types
     * and such records), a {@link RecordSerializer}; Jackson CBOR for any other class (POJOs, records
     * with lists or maps).
     */
    @SuppressWarnings("unchecked")
    public static <T> TypeSerializer<T> forClass(Class<T> type) {
        TypeSerializer<?> builtIn = BUILT_IN.get(type);
        if (builtIn != null) {
            return (TypeSerializer<T>) builtIn;
        }
        RecordSerializer<T> record = type.isRecord() ? RecordSerializer.of(type) : null;
        return record != null ? record : new JacksonSerializer<>(type);
    }

    /** The built-in serializer of {@code type}, or null. */
    static TypeSerializer<?> builtIn(Class<?> type) {
        return BUILT_IN.get(type);
    }

    /** Base of serializers of immutable values: copying is free. */
    private abstract static class Immutable<T> implements TypeSerializer<T> {
        private final String id;

        Immutable(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public T copy(T value) {
            return value;
        }
    }
}
