package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.KeySelector;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.SchemaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Appends a key column {@value #COLUMN} to every batch, computed per row — by a {@link KeySelector}
 * over records, or as the composite of several columns — so that a stream can be keyed by it
 * ({@code keyBy(KeySelector)}, {@code keyBy(column, column, ...)}) with Flink's key-group assignment
 * of that key. The other columns move on unchanged, and the rows keep their event time.
 */
public final class KeyColumnAgent<T extends Record, K> implements BatchFunction {

    /** The name of the appended key column. */
    public static final String COLUMN = "$key";

    /**
     * Composite keys join the columns' values with this separator, e.g. {@code "AAPL|XNAS"}; a
     * {@code |} or {@code \} inside a value is escaped with {@code \}, so different tuples never
     * make the same key ({@code ("A|B", "C")} is {@code "A\|B|C"}, {@code ("A", "B|C")} is {@code "A|B\|C"}).
     */
    public static final String SEPARATOR = "|";

    private final KeySelector<T, K> selector; // null: a composite of columns
    private final RecordType<T> recordType;
    private final Class<K> keyType;
    private final List<String> columns;
    private AgentContext agent;

    private KeyColumnAgent(KeySelector<T, K> selector, RecordType<T> recordType, Class<K> keyType, List<String> columns) {
        if (keyType != String.class && keyType != Long.class && keyType != Integer.class) {
            throw new IllegalArgumentException("a key selector must return String, Integer or Long, not "
                    + keyType.getSimpleName());
        }
        this.selector = selector;
        this.recordType = recordType;
        this.keyType = keyType;
        this.columns = columns;
    }

    /** The key {@code selector} returns for each row read as {@code type}. */
    public static <T extends Record, K> KeyColumnAgent<T, K> of(KeySelector<T, K> selector, Class<T> type, Class<K> keyType) {
        return new KeyColumnAgent<>(selector, RecordType.of(type), keyType, List.of());
    }

    /** The values of {@code columns} joined with {@link #SEPARATOR}, as a utf8 key. */
    public static KeyColumnAgent<Record, String> composite(List<String> columns) {
        if (columns.size() < 2) {
            throw new IllegalArgumentException("a composite key has at least two columns");
        }
        return new KeyColumnAgent<>(null, null, String.class, List.copyOf(columns));
    }

    @Override
    public Schema outputSchema(Schema input) {
        if (input.getFields().stream().anyMatch(f -> f.getName().equals(COLUMN))) {
            throw new IllegalArgumentException("the stream already has a column '" + COLUMN + "' (keyed twice by a selector?)");
        }
        if (recordType != null) {
            recordType.checkReadableFrom(input);
        }
        for (String column : columns) {
            Field field = input.getFields().stream().filter(f -> f.getName().equals(column)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("cannot key by '" + column + "': no such column"));
            if (field.getDictionary() != null) {
                throw new IllegalArgumentException("cannot key by '" + column + "' in a composite key: it is dictionary-encoded");
            }
        }
        return SchemaBuilder.from(input).add(COLUMN, arrowType()).build();
    }

    private ArrowType arrowType() {
        return keyType == String.class ? SchemaBuilder.UTF8 : keyType == Long.class ? SchemaBuilder.INT64 : SchemaBuilder.INT32;
    }

    @Override
    public void open(AgentContext context) {
        this.agent = context;
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        VectorSchemaRoot root = input.root();
        int rows = root.getRowCount();
        FieldVector keys = Field.nullable(COLUMN, arrowType()).createVector(agent.allocator());
        try {
            keys.setInitialCapacity(rows);
            keys.allocateNew();
            if (selector == null) {
                writeComposite(root, (VarCharVector) keys);
            } else {
                RecordType<T>.Reader reader = recordType.reader(root);
                for (int row = 0; row < rows; row++) {
                    K key = selector.getKey(reader.read(row));
                    if (key == null) {
                        throw new IllegalArgumentException("the key selector returned null for row " + row);
                    }
                    set(keys, row, key);
                }
            }
            keys.setValueCount(rows);
        } catch (Exception | Error e) {
            keys.close();
            throw e;
        }
        return Batches.appendColumns(root, List.of(keys)); // same rows: their event time carries over
    }

    private void writeComposite(VectorSchemaRoot root, VarCharVector keys) {
        FieldVector[] parts = columns.stream().map(root::getVector).toArray(FieldVector[]::new);
        StringBuilder key = new StringBuilder();
        for (int row = 0; row < root.getRowCount(); row++) {
            key.setLength(0);
            for (int c = 0; c < parts.length; c++) {
                Object value = parts[c].getObject(row);
                if (value == null) {
                    throw new IllegalArgumentException("column '" + columns.get(c) + "' of the composite key is null in row " + row);
                }
                key.append(c == 0 ? "" : SEPARATOR);
                escape(value.toString(), key);
            }
            keys.setSafe(row, key.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void escape(String value, StringBuilder key) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '|' || c == '\\') {
                key.append('\\');
            }
            key.append(c);
        }
    }

    private static void set(FieldVector keys, int row, Object key) {
        if (keys instanceof VarCharVector v) {
            v.setSafe(row, ((String) key).getBytes(StandardCharsets.UTF_8));
        } else if (keys instanceof BigIntVector v) {
            v.set(row, (Long) key);
        } else {
            ((IntVector) keys).set(row, (Integer) key);
        }
    }
}
