package io.sabot.actors.io.csv;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.SchemaBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A CSV file with a header line, read as the columns of a schema you declare. Header columns are
 * matched by name (order and extra columns do not matter; a missing one is an error). An empty
 * unquoted field is a null. Every error names the file, the line and the column.
 */
public final class CsvSource implements Source {

    public static final int DEFAULT_BATCH_SIZE = 8192;

    /**
     * A rule every row must follow: {@code column} is not empty and, for a numeric column, its value
     * passes {@code valid} (null: any value). A row that breaks it fails the job with an error naming
     * the file, the line and the column.
     */
    public record Requirement(String column, DoublePredicate valid, String description) {}

    private final Path file;
    private final Schema schema;
    private final int batchSize;
    private final String lineColumn; // null: no line numbers
    private final List<Requirement> requirements;

    private CsvSource(Path file, Schema schema, int batchSize, String lineColumn, List<Requirement> requirements) {
        for (Field field : schema.getFields()) {
            CsvColumnParser.check(field); // unsupported types fail when the job is built
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        if (lineColumn != null && schema.getFields().stream().anyMatch(f -> f.getName().equals(lineColumn))) {
            throw new IllegalArgumentException("the line-number column '" + lineColumn + "' is already a column of the schema");
        }
        for (Requirement requirement : requirements) {
            Field field = schema.getFields().stream().filter(f -> f.getName().equals(requirement.column())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("a requirement names column '" + requirement.column()
                            + "', which the schema does not have"));
            boolean numeric = field.getType().equals(SchemaBuilder.FLOAT64) || field.getType() instanceof ArrowType.Int;
            if (requirement.valid() != null && !numeric) {
                throw new IllegalArgumentException("a value requirement needs a float64 or integer column; '"
                        + requirement.column() + "' is " + field.getType());
            }
        }
        this.file = file;
        this.schema = schema;
        this.batchSize = batchSize;
        this.lineColumn = lineColumn;
        this.requirements = List.copyOf(requirements);
    }

    public static CsvSource of(Path file, Schema schema) {
        return new CsvSource(file, schema, DEFAULT_BATCH_SIZE, null, List.of());
    }

    public CsvSource withBatchSize(int rows) {
        return new CsvSource(file, schema, rows, lineColumn, requirements);
    }

    /**
     * Adds an int64 column {@code name} after the declared ones: the line of the file on which each
     * row starts (the header is line 1), so that later checks can name the line of a bad row.
     */
    public CsvSource withLineNumbers(String name) {
        return new CsvSource(file, schema, batchSize, name, requirements);
    }

    /** Rejects rows whose {@code column} is empty. */
    public CsvSource requireValue(String column) {
        return require(column, null, "a value");
    }

    /**
     * Rejects rows whose numeric {@code column} is empty or fails {@code valid}; {@code description}
     * says what a valid value is ("finite and >= 0") in the error.
     */
    public CsvSource require(String column, DoublePredicate valid, String description) {
        List<Requirement> more = new ArrayList<>(requirements);
        more.add(new Requirement(column, valid, description));
        return new CsvSource(file, schema, batchSize, lineColumn, more);
    }

    @Override
    public Schema schema() {
        return lineColumn == null ? schema : SchemaBuilder.from(schema).int64(lineColumn).build();
    }

    @Override
    public SourceReader createReader(SourceContext context) throws IOException {
        return new CsvReader(file, schema, schema(), batchSize, requirements, context.startOffset(), context.startPosition(),
                context.allocator());
    }
}
