package io.sabot.actors.io.csv;

import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.io.Excerpt;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Parses one CSV field into an Arrow vector of the column's type. */
public final class CsvColumnParser {

    private CsvColumnParser() {}

    /** Rejects a column type the CSV source cannot parse. */
    public static void check(Field field) {
        ArrowType type = field.getType();
        if (!(type.equals(SchemaBuilder.UTF8) || type.equals(SchemaBuilder.INT64) || type.equals(SchemaBuilder.INT32)
                || type.equals(SchemaBuilder.FLOAT64) || type.equals(SchemaBuilder.BOOL))) {
            throw new IllegalArgumentException("column '" + field.getName() + "' has type " + type
                    + "; a CSV source reads utf8, int32, int64, float64 and bool");
        }
    }

    /**
     * Parses {@code bytes[start, end)} into row {@code row} of {@code vector}. Returns null on
     * success, else what is wrong with the value.
     */
    public static String parse(FieldVector vector, int row, byte[] bytes, int start, int end) {
        try {
            if (vector instanceof Float8Vector v) {
                v.setSafe(row, AsciiNumbers.parseDouble(bytes, start, end));
            } else if (vector instanceof BigIntVector v) {
                v.setSafe(row, AsciiNumbers.parseLong(bytes, start, end));
            } else if (vector instanceof VarCharVector v) {
                v.setSafe(row, bytes, start, end - start);
            } else if (vector instanceof IntVector v) {
                long value = AsciiNumbers.parseLong(bytes, start, end);
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    return "'" + text(bytes, start, end) + "' does not fit a 32-bit integer";
                }
                v.setSafe(row, (int) value);
            } else if (vector instanceof BitVector v) {
                Boolean value = parseBoolean(text(bytes, start, end));
                if (value == null) {
                    return "'" + text(bytes, start, end) + "' is not a boolean (true/false/1/0)";
                }
                v.setSafe(row, value ? 1 : 0);
            } else {
                throw new IllegalStateException("unsupported vector " + vector.getClass().getSimpleName());
            }
            return null;
        } catch (AsciiNumbers.NotANumber e) {
            String kind = vector instanceof Float8Vector ? "a number" : "an integer";
            return "'" + text(bytes, start, end) + "' is not " + kind;
        }
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String text(byte[] bytes, int start, int end) {
        String text = new String(bytes, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
        return Excerpt.of(text, 60);
    }
}
