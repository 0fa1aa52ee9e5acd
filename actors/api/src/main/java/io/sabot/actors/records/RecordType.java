package io.sabot.actors.records;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.state.serialization.RecordAccess;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Maps a Java record to Arrow columns: one column per component, named like it. Supported
 * component types: String, long/Long, int/Integer, double/Double, boolean/Boolean (boxed types
 * may be null). Used by per-record functions; vectorized agents read vectors directly.
 */
public final class RecordType<T extends Record> {

    private static final Map<Class<?>, ArrowType> ARROW_TYPES = Map.of(
            String.class, SchemaBuilder.UTF8,
            long.class, SchemaBuilder.INT64, Long.class, SchemaBuilder.INT64,
            int.class, SchemaBuilder.INT32, Integer.class, SchemaBuilder.INT32,
            double.class, SchemaBuilder.FLOAT64, Double.class, SchemaBuilder.FLOAT64,
            boolean.class, SchemaBuilder.BOOL, Boolean.class, SchemaBuilder.BOOL);

    private final Class<T> type;
    private final RecordComponent[] components;
    private final RecordAccess<T> access;
    private final Schema schema;

    private RecordType(Class<T> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        SchemaBuilder schemaBuilder = SchemaBuilder.of();
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                ArrowType arrowType = ARROW_TYPES.get(component.getType());
                if (arrowType == null) {
                    throw new IllegalArgumentException("record " + type.getName() + ": component '"
                            + component.getName() + "' has type " + component.getType().getName()
                            + "; supported are String, long, int, double, boolean and their boxes");
                }
                schemaBuilder.add(component.getName(), arrowType);
            }
            this.access = RecordAccess.of(type);
        } catch (IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalArgumentException("record " + type.getName()
                    + " must be public with a public canonical constructor", e);
        }
        this.schema = schemaBuilder.build();
    }

    public static <T extends Record> RecordType<T> of(Class<T> type) {
        return new RecordType<>(type);
    }

    /** An output tag for side-output records of {@code type} (Flink's {@code new OutputTag<T>(id)}). */
    public static OutputTag outputTag(String id, Class<? extends Record> type) {
        return new OutputTag(id, of(type).schema());
    }

    public Class<T> type() {
        return type;
    }

    /** One column per component, in declaration order. */
    public Schema schema() {
        return schema;
    }

    /**
     * Checks that {@code input} has every component as a column of the right type (other columns
     * are ignored), naming the first that does not fit.
     */
    public void checkReadableFrom(Schema input) {
        for (Field field : schema.getFields()) {
            Field actual = input.getFields().stream()
                    .filter(f -> f.getName().equals(field.getName())).findFirst().orElse(null);
            if (actual == null) {
                throw new IllegalArgumentException("record " + type.getSimpleName() + " reads column '"
                        + field.getName() + "', which the input does not have");
            }
            if (actual.getDictionary() != null) {
                throw new IllegalArgumentException("record " + type.getSimpleName() + " reads column '"
                        + field.getName() + "', which is dictionary-encoded: per-record functions read plain columns");
            }
            if (!actual.getType().equals(field.getType())) {
                throw new IllegalArgumentException("record " + type.getSimpleName() + " reads column '"
                        + field.getName() + "' as " + field.getType() + ", the input has " + actual.getType());
            }
        }
    }

    /** The index of component {@code name}; rejects a name the record does not have. */
    public int component(String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("record " + type.getSimpleName() + " has no component '" + name + "' (it has "
                + String.join(", ", java.util.Arrays.stream(components).map(RecordComponent::getName).toList()) + ")");
    }

    /** The type of component {@code component}. */
    public Class<?> componentType(int component) {
        return components[component].getType();
    }

    /** The value of component {@code component} of {@code record}. */
    public Object get(T record, int component) {
        return access.get(record, component);
    }

    /** A copy of {@code record} with component {@code component} set to {@code value}. */
    public T with(T record, int component, Object value) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = i == component ? value : get(record, i);
        }
        return access.make(values);
    }

    /** Reads rows of {@code batch} as records. */
    public Reader reader(VectorSchemaRoot batch) {
        return new Reader(batch);
    }

    /** Collects records into a new batch allocated from {@code allocator}. */
    public Writer writer(BufferAllocator allocator) {
        return new Writer(allocator);
    }

    /** Reads records from one batch. */
    public final class Reader {
        private final FieldVector[] vectors = new FieldVector[components.length];
        private final Object[] values = new Object[components.length];

        private Reader(VectorSchemaRoot batch) {
            for (int i = 0; i < components.length; i++) {
                vectors[i] = batch.getVector(components[i].getName());
            }
        }

        public T read(int row) {
            for (int i = 0; i < vectors.length; i++) {
                Object value = vectors[i].getObject(row);
                if (value == null && components[i].getType().isPrimitive()) {
                    throw new IllegalArgumentException("column '" + components[i].getName()
                            + "' is null in row " + row + " but record " + type.getSimpleName()
                            + " declares it as " + components[i].getType() + " (use a boxed type for nullable columns)");
                }
                values[i] = value instanceof Text text ? text.toString() : value;
            }
            return access.make(values);
        }
    }

    /** Appends records to growing vectors; {@link #finish()} hands them over as a batch. */
    public final class Writer implements AutoCloseable {
        private final List<FieldVector> vectors = new ArrayList<>();
        private int rows;

        private Writer(BufferAllocator allocator) {
            for (Field field : schema.getFields()) {
                FieldVector vector = field.createVector(allocator);
                vector.allocateNew();
                vectors.add(vector);
            }
        }

        public void write(T record) {
            for (int i = 0; i < components.length; i++) {
                set(vectors.get(i), rows, access.get(record, i));
            }
            rows++;
        }

        public int rows() {
            return rows;
        }

        /** The written records as a batch; the caller owns it. */
        public VectorSchemaRoot finish() {
            for (FieldVector vector : vectors) {
                vector.setValueCount(rows);
            }
            VectorSchemaRoot root = new VectorSchemaRoot(schema.getFields(), List.copyOf(vectors), rows);
            vectors.clear();
            return root;
        }

        /** Frees whatever was not handed over by {@link #finish()}. */
        @Override
        public void close() {
            vectors.forEach(FieldVector::close);
            vectors.clear();
        }

        private static void set(FieldVector vector, int row, Object value) {
            if (value == null) {
                vector.setNull(row);
                return;
            }
            if (vector instanceof VarCharVector v) {
                v.setSafe(row, new Text((String) value));
            } else if (vector instanceof BigIntVector v) {
                v.setSafe(row, (Long) value);
            } else if (vector instanceof IntVector v) {
                v.setSafe(row, (Integer) value);
            } else if (vector instanceof Float8Vector v) {
                v.setSafe(row, (Double) value);
            } else if (vector instanceof BitVector v) {
                v.setSafe(row, ((Boolean) value) ? 1 : 0);
            } else {
                throw new IllegalStateException("unsupported vector " + vector.getClass().getSimpleName());
            }
        }
    }
}
