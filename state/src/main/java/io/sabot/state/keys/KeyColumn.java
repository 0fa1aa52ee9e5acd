package io.sabot.state.keys;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The column a stream is keyed by. Its per-row hash codes equal {@code key.hashCode()} of the
 * Java value (String, Integer or Long), so rows route to the same key group as in Flink.
 */
public sealed interface KeyColumn permits Utf8KeyColumn, DictionaryKeyColumn, IntegerKeyColumn {

    /** The key column {@code name} of {@code schema}; rejects missing columns and unsupported types. */
    static KeyColumn of(Schema schema, String name) {
        Field field = schema.getFields().stream()
                .filter(f -> f.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cannot key by '" + name
                        + "': no such column (columns: " + columnNames(schema) + ")"));
        ArrowType type = field.getType();
        if (field.getDictionary() != null) { // the type is then the index type; the values must be utf8
            if (!field.getDictionary().getIndexType().getIsSigned()) {
                throw new IllegalArgumentException("cannot key by '" + name + "': its dictionary indices are unsigned");
            }
            return new DictionaryKeyColumn(name, field.getDictionary().getId());
        }
        if (type instanceof ArrowType.Utf8) {
            return new Utf8KeyColumn(name);
        }
        if (type instanceof ArrowType.Int integer && integer.getIsSigned()
                && (integer.getBitWidth() == 64 || integer.getBitWidth() == 32)) {
            return new IntegerKeyColumn(name, integer.getBitWidth() == 64);
        }
        throw new IllegalArgumentException("cannot key by '" + name + "': its type " + type
                + " is not a key type (utf8, dictionary-encoded utf8, int32 or int64)");
    }

    String name();

    KeyType type();

    /**
     * Writes {@code key.hashCode()} of every row into {@code out[0..rowCount)}. {@code dictionaries}
     * holds the batch's dictionaries (needed by a dictionary-encoded column; null if it has none).
     */
    void hashCodes(VectorSchemaRoot batch, DictionaryProvider dictionaries, int[] out);

    /** {@link #hashCodes(VectorSchemaRoot, DictionaryProvider, int[])} of a batch without dictionaries. */
    default void hashCodes(VectorSchemaRoot batch, int[] out) {
        hashCodes(batch, null, out);
    }

    private static String columnNames(Schema schema) {
        return String.join(", ", schema.getFields().stream().map(Field::getName).toList());
    }

    /** The error for a null key, naming the column and the row. */
    static IllegalArgumentException nullKey(String column, int row) {
        return new IllegalArgumentException("key column '" + column + "' is null in row " + row
                + " of a batch: every row needs a key");
    }
}
