package io.sabot.actors.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Declares an Arrow schema column by column:
 * {@code SchemaBuilder.of().utf8("symbol").int64("ts").float64("price").build()}.
 * Columns are nullable (CSV empty fields and missing values become nulls).
 */
public final class SchemaBuilder {

    public static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    public static final ArrowType INT32 = new ArrowType.Int(32, true);
    public static final ArrowType INT64 = new ArrowType.Int(64, true);
    public static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    public static final ArrowType BOOL = ArrowType.Bool.INSTANCE;

    private final List<Field> fields = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private SchemaBuilder() {}

    public static SchemaBuilder of() {
        return new SchemaBuilder();
    }

    /** Starts from the columns of an existing schema. */
    public static SchemaBuilder from(Schema schema) {
        SchemaBuilder builder = new SchemaBuilder();
        schema.getFields().forEach(builder::add);
        return builder;
    }

    public SchemaBuilder utf8(String name) {
        return add(name, UTF8);
    }

    public SchemaBuilder int32(String name) {
        return add(name, INT32);
    }

    public SchemaBuilder int64(String name) {
        return add(name, INT64);
    }

    public SchemaBuilder float64(String name) {
        return add(name, FLOAT64);
    }

    public SchemaBuilder bool(String name) {
        return add(name, BOOL);
    }

    public SchemaBuilder add(String name, ArrowType type) {
        return add(new Field(name, FieldType.nullable(type), null));
    }

    public SchemaBuilder add(Field field) {
        if (!names.add(field.getName())) {
            throw new IllegalArgumentException("column '" + field.getName() + "' is declared twice");
        }
        fields.add(field);
        return this;
    }

    public Schema build() {
        return new Schema(fields);
    }
}
