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
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
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
     * the file, the line and the column (or is kept as unreadable: {@link #withUnreadableRows}).
     */
    public record Requirement(String column, DoublePredicate valid, String description) {

        /** Fails when {@code schema} has no such column, or a value rule names a column that is not a number. */
        public void check(Schema schema) {
            Field field = schema.getFields().stream().filter(f -> f.getName().equals(column)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("a requirement names column '" + column
                            + "', which the schema does not have"));
            boolean numeric = field.getType().equals(SchemaBuilder.FLOAT64) || field.getType() instanceof ArrowType.Int;
            if (valid != null && !numeric) {
                throw new IllegalArgumentException("a value requirement needs a float64 or integer column; '" + column
                        + "' is " + field.getType());
            }
        }

        /**
         * What is wrong with row {@code row} of {@code vector} (this requirement's column, float64
         * or integer unless {@code valid} is null), or null when it follows the rule.
         */
        public String problem(FieldVector vector, int row) {
            if (vector.isNull(row)) {
                return "is empty; expected " + description;
            }
            if (valid == null) {
                return null;
            }
            double value = vector instanceof Float8Vector doubles ? doubles.get(row) : ((BaseIntVector) vector).getValueAsLong(row);
            return valid.test(value) ? null : "value " + vector.getObject(row) + " is not " + description;
        }
    }

    private final Path file;
    private final Schema schema;
    private final int batchSize;
    private final String lineColumn; // null: no line numbers
    private final List<Requirement> requirements;
    private final String problemColumn; // null: an unreadable record fails the job
    private final String textColumn;

    private CsvSource(Path file, Schema schema, int batchSize, String lineColumn, List<Requirement> requirements,
                      String problemColumn, String textColumn) {
        for (Field field : schema.getFields()) {
            CsvColumnParser.check(field); // unsupported types fail when the job is built
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        for (String added : new String[] {lineColumn, problemColumn, textColumn}) {
            if (added != null && schema.getFields().stream().anyMatch(f -> f.getName().equals(added))) {
                throw new IllegalArgumentException("the added column '" + added + "' is already a column of the schema");
            }
        }
        for (Requirement requirement : requirements) {
            requirement.check(schema);
        }
        this.file = file;
        this.schema = schema;
        this.batchSize = batchSize;
        this.lineColumn = lineColumn;
        this.requirements = List.copyOf(requirements);
        this.problemColumn = problemColumn;
        this.textColumn = textColumn;
    }

    public static CsvSource of(Path file, Schema schema) {
        return new CsvSource(file, schema, DEFAULT_BATCH_SIZE, null, List.of(), null, null);
    }

    public CsvSource withBatchSize(int rows) {
        return new CsvSource(file, schema, rows, lineColumn, requirements, problemColumn, textColumn);
    }

    /**
     * Adds an int64 column {@code name} after the declared ones: the line of the file on which each
     * row starts (the header is line 1), so that later checks can name the line of a bad row.
     */
    public CsvSource withLineNumbers(String name) {
        return new CsvSource(file, schema, batchSize, name, requirements, problemColumn, textColumn);
    }

    /**
     * Reads on past records that cannot be read: instead of failing the job, a record with a wrong
     * number of fields, a value that does not parse, a broken quote or a failed requirement becomes a
     * row whose declared columns are all null, with what is wrong in the added utf8 column
     * {@code problemColumn} (as in the error, without file and line: {@code column 'bid': 'abc' is
     * not a number}) and the record as it is in the file in {@code textColumn}; both are null on
     * every other row. The row keeps its place and its line number, so that a later check can skip
     * it or write it to a dead-letter file. A quoted field that is never closed runs to the end of
     * the file, so that record holds the rest of the file.
     */
    public CsvSource withUnreadableRows(String problemColumn, String textColumn) {
        return new CsvSource(file, schema, batchSize, lineColumn, requirements, problemColumn, textColumn);
    }

    /** Rejects rows whose {@code column} is empty. */
    public CsvSource requireValue(String column) {
        return require(new Requirement(column, null, "a value"));
    }

    /**
     * Rejects rows whose numeric {@code column} is empty or fails {@code valid}; {@code description}
     * says what a valid value is ("finite and >= 0") in the error.
     */
    public CsvSource require(String column, DoublePredicate valid, String description) {
        return require(new Requirement(column, valid, description));
    }

    /** Rejects rows that break {@code requirement}. */
    public CsvSource require(Requirement requirement) {
        List<Requirement> more = new ArrayList<>(requirements);
        more.add(requirement);
        return new CsvSource(file, schema, batchSize, lineColumn, more, problemColumn, textColumn);
    }

    /** The declared columns, then the line numbers and the unreadable-row columns if asked for. */
    @Override
    public Schema schema() {
        SchemaBuilder columns = SchemaBuilder.from(schema);
        if (lineColumn != null) {
            columns.int64(lineColumn);
        }
        if (problemColumn != null) {
            columns.utf8(problemColumn).utf8(textColumn);
        }
        return columns.build();
    }

    @Override
    public SourceReader createReader(SourceContext context) throws IOException {
        return new CsvReader(file, schema, schema(), batchSize, requirements, lineColumn != null, problemColumn != null,
                context.startOffset(), context.startPosition(), context.allocator());
    }
}
