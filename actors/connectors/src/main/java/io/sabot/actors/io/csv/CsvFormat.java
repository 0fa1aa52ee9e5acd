package io.sabot.actors.io.csv;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * How Sabot writes a CSV field: doubles as Java's {@code Double.toString}, nulls as empty fields,
 * text quoted only when it must be (RFC 4180). The one place for it, so a file sink and a Kafka sink
 * of the same rows write the same lines.
 */
public final class CsvFormat {

    private CsvFormat() {}

    /** Appends row {@code row} of {@code vector} as a CSV field (nothing for a null). */
    public static void appendValue(StringBuilder line, FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return;
        }
        if (vector instanceof Float8Vector v) {
            line.append(v.get(row));
        } else if (vector instanceof BigIntVector v) {
            line.append(v.get(row));
        } else if (vector instanceof IntVector v) {
            line.append(v.get(row));
        } else if (vector instanceof VarCharVector v) {
            appendText(line, new String(v.get(row), StandardCharsets.UTF_8));
        } else if (vector instanceof BitVector v) {
            line.append(v.get(row) == 1);
        } else {
            throw new IllegalStateException("unsupported vector " + vector.getClass().getSimpleName());
        }
    }

    /** Quotes text that contains a comma, a quote or a line break (RFC 4180). */
    public static void appendText(StringBuilder line, String text) {
        boolean needsQuotes = text.isEmpty() || text.indexOf(',') >= 0 || text.indexOf('"') >= 0
                || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        if (!needsQuotes) {
            line.append(text);
            return;
        }
        line.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
