package io.sabot.actors.keys;

import io.sabot.actors.batch.SchemaBuilder;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The column a stream is keyed by. Its per-row hash codes equal {@code key.hashCode()} of the
 * Java value (String, Integer or Long), so rows route to the same key group as in Flink.
 */
public sealed interface KeyColumn permits Utf8KeyColumn, IntegerKeyColumn {

    /** The key column {@code name} of {@code schema}; rejects missing columns and unsupported types. */
    static KeyColumn of(Schema schema, String name) {
        Field field = schema.getFields().stream()
                .filter(f -> f.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cannot key by '" + name
                        + "': no such column (columns: " + columnNames(schema) + ")"));
        ArrowType type = field.getType();
        if (type.equals(SchemaBuilder.UTF8)) {
            return new Utf8KeyColumn(name);
        } else if (type.equals(SchemaBuilder.INT64)) {
            return new IntegerKeyColumn(name, true);
        } else if (type.equals(SchemaBuilder.INT32)) {
            return new IntegerKeyColumn(name, false);
        }
        throw new IllegalArgumentException("cannot key by '" + name + "': its type " + type
                + " is not a key type (utf8, int32 or int64)");
    }

    String name();

    /** Writes {@code key.hashCode()} of every row into {@code out[0..rowCount)}. */
    void hashCodes(VectorSchemaRoot batch, int[] out);

    /** A new, empty dictionary from this column's keys to dense ids (one per subtask). */
    KeyIndex newIndex();

    private static String columnNames(Schema schema) {
        return String.join(", ", schema.getFields().stream().map(Field::getName).toList());
    }

    /** The error for a null key, naming the column and the row. */
    static IllegalArgumentException nullKey(String column, int row) {
        return new IllegalArgumentException("key column '" + column + "' is null in row " + row
                + " of a batch: every row needs a key");
    }
}
