package io.sabot.actors.io.csv;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.SchemaBuilder;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A CSV file with a header line, read as the columns of a schema you declare. Header columns are
 * matched by name (order and extra columns do not matter; a missing one is an error). An empty
 * unquoted field is a null. Every error names the file, the line and the column.
 */
public final class CsvSource implements Source {

    public static final int DEFAULT_BATCH_SIZE = 8192;

    private final Path file;
    private final Schema schema;
    private final int batchSize;
    private final String lineColumn; // null: no line numbers

    private CsvSource(Path file, Schema schema, int batchSize, String lineColumn) {
        for (Field field : schema.getFields()) {
            CsvColumnParser.check(field); // unsupported types fail when the job is built
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        if (lineColumn != null && schema.getFields().stream().anyMatch(f -> f.getName().equals(lineColumn))) {
            throw new IllegalArgumentException("the line-number column '" + lineColumn + "' is already a column of the schema");
        }
        this.file = file;
        this.schema = schema;
        this.batchSize = batchSize;
        this.lineColumn = lineColumn;
    }

    public static CsvSource of(Path file, Schema schema) {
        return new CsvSource(file, schema, DEFAULT_BATCH_SIZE, null);
    }

    public CsvSource withBatchSize(int rows) {
        return new CsvSource(file, schema, rows, lineColumn);
    }

    /**
     * Adds an int64 column {@code name} after the declared ones: the line of the file on which each
     * row starts (the header is line 1), so that later checks can name the line of a bad row.
     */
    public CsvSource withLineNumbers(String name) {
        return new CsvSource(file, schema, batchSize, name);
    }

    @Override
    public Schema schema() {
        return lineColumn == null ? schema : SchemaBuilder.from(schema).int64(lineColumn).build();
    }

    @Override
    public SourceReader createReader(SourceContext context) throws IOException {
        return new CsvReader(file, schema, schema(), batchSize, context.startOffset(), context.allocator());
    }
}
