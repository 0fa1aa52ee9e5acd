package io.sabot.actors.io.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sabot.actors.io.Excerpt;
import io.sabot.actors.io.csv.CsvColumnParser;
import io.sabot.actors.io.csv.CsvFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * How the value of a Kafka record holds a row. {@code CSV}: one line, the columns in schema order,
 * no header, written exactly as the CSV file sink writes a row (so a topic and a file of the same job
 * hold the same lines). {@code JSON}: an object with a member per column (parsed by name; members the
 * schema does not have are ignored, a missing one is a null, a number may come as a string, as many
 * market-data feeds send them; a non-finite double is written as null).
 */
public enum ValueFormat {
    CSV, JSON;

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    /** Reads values of this format into the vectors of {@code columns} (the schema's, in order). */
    Parser parser(List<FieldVector> columns) {
        return this == CSV ? new CsvParser(columns) : new JsonParser(columns);
    }

    /** Writes rows of {@code columns} as values of this format. */
    Encoder encoder(List<FieldVector> columns) {
        return this == CSV ? new CsvEncoder(columns) : new JsonEncoder(columns);
    }

    /** Parses one record's value into one row. */
    interface Parser {
        /** Sets row {@code row} of every column from {@code value}; returns null, or what is wrong (the row is then undefined). */
        String parse(byte[] value, int row);
    }

    /** Writes one row as a record's value. */
    interface Encoder {
        byte[] encode(int row);
    }

    /** A CSV line: fields split on commas, RFC 4180 quotes (a doubled quote inside), unquoted into a scratch buffer. */
    private static final class CsvParser implements Parser {
        private final FieldVector[] columns;
        private byte[] scratch = new byte[256];

        CsvParser(List<FieldVector> columns) {
            this.columns = columns.toArray(FieldVector[]::new);
            for (FieldVector column : columns) {
                CsvColumnParser.check(column.getField());
            }
        }

        @Override
        public String parse(byte[] value, int row) {
            if (scratch.length < value.length) {
                scratch = new byte[Math.max(value.length, scratch.length * 2)];
            }
            int length = value.length;
            while (length > 0 && (value[length - 1] == '\n' || value[length - 1] == '\r')) {
                length--;
            }
            int position = 0;
            for (int c = 0; c < columns.length; c++) {
                if (position > length) {
                    return "has " + c + " fields, expected " + columns.length;
                }
                int start;
                int end;
                boolean quoted = position < length && value[position] == '"';
                if (quoted) {
                    start = 0;
                    end = 0;
                    int i = position + 1;
                    while (true) {
                        if (i >= length) {
                            return "column '" + columns[c].getName() + "': a quote is not closed";
                        }
                        if (value[i] == '"') {
                            if (i + 1 < length && value[i + 1] == '"') {
                                scratch[end++] = '"';
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        scratch[end++] = value[i++];
                    }
                    if (i < length && value[i] != ',') {
                        return "column '" + columns[c].getName() + "': text after a closing quote";
                    }
                    position = i + 1;
                } else {
                    start = position;
                    end = position;
                    while (end < length && value[end] != ',') {
                        end++;
                    }
                    position = end + 1;
                }
                FieldVector column = columns[c];
                if (!quoted && start == end) {
                    column.setNull(row); // an empty unquoted field is a null, as in a CSV file
                    continue;
                }
                String problem = quoted ? CsvColumnParser.parse(column, row, scratch, start, end)
                        : CsvColumnParser.parse(column, row, value, start, end);
                if (problem != null) {
                    return "column '" + column.getName() + "': " + problem;
                }
            }
            if (position <= length) {
                int fields = columns.length + 1;
                for (int i = position; i < length; i++) {
                    fields += value[i] == ',' ? 1 : 0;
                }
                return "has " + fields + " fields, expected " + columns.length;
            }
            return null;
        }
    }

    private static final class JsonParser implements Parser {
        private final FieldVector[] columns;
        private final Map<String, Integer> index = new HashMap<>();
        private final boolean[] seen;

        JsonParser(List<FieldVector> columns) {
            this.columns = columns.toArray(FieldVector[]::new);
            for (int c = 0; c < this.columns.length; c++) {
                CsvColumnParser.check(this.columns[c].getField()); // the same types as CSV
                index.put(this.columns[c].getName(), c);
            }
            this.seen = new boolean[this.columns.length];
        }

        @Override
        public String parse(byte[] value, int row) {
            java.util.Arrays.fill(seen, false);
            try (com.fasterxml.jackson.core.JsonParser json = JSON_FACTORY.createParser(value)) {
                if (json.nextToken() != JsonToken.START_OBJECT) {
                    return "is not a JSON object: '" + Excerpt.of(new String(value, StandardCharsets.UTF_8), 60) + "'";
                }
                for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
                    Integer c = index.get(json.currentName());
                    JsonToken valueToken = json.nextToken();
                    if (c == null) {
                        json.skipChildren();
                        continue;
                    }
                    seen[c] = true;
                    String problem = set(columns[c], row, json, valueToken);
                    if (problem != null) {
                        return "column '" + columns[c].getName() + "': " + problem;
                    }
                }
                if (json.currentToken() != JsonToken.END_OBJECT) {
                    return "is not a JSON object";
                }
                if (json.nextToken() != null) {
                    return "has text after its JSON object";
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "is not valid JSON: " + e.getOriginalMessage();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // reading a byte array
            }
            for (int c = 0; c < columns.length; c++) {
                if (!seen[c]) {
                    columns[c].setNull(row);
                }
            }
            return null;
        }

        private static String set(FieldVector column, int row, com.fasterxml.jackson.core.JsonParser json, JsonToken token)
                throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                column.setNull(row);
                return null;
            }
            if (token == JsonToken.VALUE_STRING && !(column instanceof VarCharVector)) {
                byte[] text = json.getText().getBytes(StandardCharsets.UTF_8); // "1.5": feeds often quote their numbers
                if (text.length == 0) {
                    column.setNull(row); // "" is a null, as an empty CSV field
                    return null;
                }
                return CsvColumnParser.parse(column, row, text, 0, text.length);
            }
            if (column instanceof VarCharVector v) {
                if (!token.isScalarValue()) {
                    return "expected text, found " + token;
                }
                v.setSafe(row, json.getText().getBytes(StandardCharsets.UTF_8));
            } else if (column instanceof Float8Vector v) {
                if (!token.isNumeric()) {
                    return "expected a number, found '" + Excerpt.of(json.getText(), 60) + "'";
                }
                v.setSafe(row, json.getDoubleValue());
            } else if (column instanceof BigIntVector v) {
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    return "expected an integer, found '" + Excerpt.of(json.getText(), 60) + "'";
                }
                v.setSafe(row, json.getLongValue());
            } else if (column instanceof IntVector v) {
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    return "expected an integer, found '" + Excerpt.of(json.getText(), 60) + "'";
                }
                v.setSafe(row, json.getIntValue());
            } else if (column instanceof BitVector v) {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    return "expected true or false, found '" + Excerpt.of(json.getText(), 60) + "'";
                }
                v.setSafe(row, token == JsonToken.VALUE_TRUE ? 1 : 0);
            }
            return null;
        }
    }

    private static final class CsvEncoder implements Encoder {
        private final FieldVector[] columns;
        private final StringBuilder line = new StringBuilder(256);

        CsvEncoder(List<FieldVector> columns) {
            this.columns = columns.toArray(FieldVector[]::new);
        }

        @Override
        public byte[] encode(int row) {
            line.setLength(0);
            for (int c = 0; c < columns.length; c++) {
                if (c > 0) {
                    line.append(',');
                }
                CsvFormat.appendValue(line, columns[c], row);
            }
            return line.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final class JsonEncoder implements Encoder {
        private final FieldVector[] columns;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

        JsonEncoder(List<FieldVector> columns) {
            this.columns = columns.toArray(FieldVector[]::new);
        }

        @Override
        public byte[] encode(int row) {
            bytes.reset();
            try (JsonGenerator json = JSON_FACTORY.createGenerator(bytes)) {
                json.writeStartObject();
                for (FieldVector column : columns) {
                    json.writeFieldName(column.getName());
                    if (column.isNull(row)) {
                        json.writeNull();
                    } else if (column instanceof Float8Vector v) {
                        double value = v.get(row);
                        if (Double.isFinite(value)) {
                            json.writeNumber(value);
                        } else {
                            json.writeNull();
                        }
                    } else if (column instanceof BigIntVector v) {
                        json.writeNumber(v.get(row));
                    } else if (column instanceof IntVector v) {
                        json.writeNumber(v.get(row));
                    } else if (column instanceof VarCharVector v) {
                        json.writeString(new String(v.get(row), StandardCharsets.UTF_8));
                    } else if (column instanceof BitVector v) {
                        json.writeBoolean(v.get(row) == 1);
                    } else {
                        throw new IllegalStateException("unsupported vector " + column.getClass().getSimpleName());
                    }
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** Rejects a column this format cannot hold (the CSV types: utf8, int32, int64, float64, bool). */
    static void check(Field field) {
        CsvColumnParser.check(field);
    }
}
