package io.sabot.fintech.agents;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.io.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks quotes before any kernel sees them and applies a {@link BadRows} policy to those that
 * fail. A quote is bad when its symbol is missing, a price or size is missing, NaN, infinite or
 * negative, or its bid is above its ask (a crossed quote). Needs the line number of every row (see
 * {@code CsvSource.withLineNumbers}) to name it, and drops that column from its output. Stateless:
 * runs before the keyBy, and keeps the order of the rows it passes on.
 *
 * <p>Dead letters go to the side output {@link #deadLetters}: {@code line, reason} and the row's
 * columns, in the order they were rejected. Written by a sink, they are exactly once like any output.
 */
public final class QuoteCheck implements BatchFunction {

    private static final List<String> NUMBERS = List.of("bid", "ask", "bid_size", "ask_size");

    private final String file;
    private final String lineColumn;
    private final BadRows policy;
    private AgentContext context;
    private OutputTag deadLetterTag;
    private int[] kept = new int[0];
    private int[] rejected = new int[0];
    private long[] rejectedLines = new long[0];
    private final List<String> reasons = new ArrayList<>();

    /** @param file the input, as error messages name it */
    public QuoteCheck(String file, String lineColumn, BadRows policy) {
        this.file = file;
        this.lineColumn = lineColumn;
        this.policy = Objects.requireNonNull(policy);
    }

    /**
     * The side output of rejected rows for input {@code input}: {@code line} (int64), {@code reason}
     * (utf8), then the input's columns but the line numbers {@code lineColumn}.
     */
    public static OutputTag deadLetters(Schema input, String lineColumn) {
        SchemaBuilder schema = SchemaBuilder.of().int64("line").utf8("reason");
        List<Field> fields = new ArrayList<>(schema.build().getFields());
        input.getFields().stream().filter(f -> !f.getName().equals(lineColumn)).forEach(fields::add);
        return new OutputTag("dead-letters", new Schema(fields));
    }

    @Override
    public List<OutputTag> sideOutputs(Schema input) {
        return policy == BadRows.DEAD_LETTER ? List.of(deadLetters(input, lineColumn)) : List.of();
    }

    @Override
    public Schema outputSchema(Schema input) {
        for (String column : NUMBERS) {
            require(input, column, SchemaBuilder.FLOAT64);
        }
        require(input, "symbol", SchemaBuilder.UTF8);
        require(input, lineColumn, SchemaBuilder.INT64);
        return new Schema(input.getFields().stream().filter(f -> !f.getName().equals(lineColumn)).toList());
    }

    private static void require(Schema schema, String name, org.apache.arrow.vector.types.pojo.ArrowType type) {
        Field field = schema.getFields().stream().filter(f -> f.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("quote check needs a column '" + name + "'"));
        if (!field.getType().equals(type)) {
            throw new IllegalArgumentException("quote check needs column '" + name + "' as " + type + ", it is "
                    + field.getType());
        }
    }

    @Override
    public void open(AgentContext context) {
        this.context = context;
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        VectorSchemaRoot batch = input.root();
        int rows = batch.getRowCount();
        FieldVector symbol = batch.getVector("symbol");
        Float8Vector[] numbers = new Float8Vector[NUMBERS.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = (Float8Vector) batch.getVector(NUMBERS.get(i));
        }
        BigIntVector lines = (BigIntVector) batch.getVector(lineColumn);
        if (kept.length < rows) {
            kept = new int[rows];
            rejected = new int[rows];
            rejectedLines = new long[rows];
        }
        int count = 0;
        reasons.clear();
        for (int row = 0; row < rows; row++) {
            String problem = problem(symbol, numbers, row);
            if (problem == null) {
                kept[count++] = row;
                continue;
            }
            long line = lines.isNull(row) ? 0 : lines.get(row);
            if (policy == BadRows.FAIL) {
                throw new BadInputException(file, line, null, problem);
            }
            rejected[reasons.size()] = row;
            rejectedLines[reasons.size()] = line;
            reasons.add(problem);
        }
        VectorSchemaRoot checked = withoutLineNumbers(batch);
        if (count == rows) {
            return checked;
        }
        try (checked) {
            if (policy == BadRows.DEAD_LETTER) {
                emitDeadLetters(checked);
            }
            return count == 0 ? null : RowGather.gather(checked, kept, count, context.allocator());
        }
    }

    /** The rejected rows of {@code checked} to the dead-letter side output, with their lines and reasons. */
    private void emitDeadLetters(VectorSchemaRoot checked) {
        if (deadLetterTag == null) {
            deadLetterTag = deadLetters(checked.getSchema(), lineColumn);
        }
        int count = reasons.size();
        BigIntVector line = new BigIntVector("line", context.allocator());
        VarCharVector reason = new VarCharVector("reason", context.allocator());
        line.allocateNew(count);
        reason.allocateNew(count);
        for (int i = 0; i < count; i++) {
            line.set(i, rejectedLines[i]);
            reason.setSafe(i, reasons.get(i).getBytes(StandardCharsets.UTF_8));
        }
        line.setValueCount(count);
        reason.setValueCount(count);
        List<FieldVector> vectors = new ArrayList<>(List.of(line, reason));
        try (VectorSchemaRoot rows = RowGather.gather(checked, rejected, count, context.allocator())) {
            for (FieldVector vector : rows.getFieldVectors()) {
                vectors.add(Batches.transfer(vector, context.allocator()));
            }
        }
        context.emit(deadLetterTag, new VectorSchemaRoot(deadLetterTag.schema().getFields(), vectors, count), null);
    }

    /** What is wrong with the quote in {@code row}, or null. */
    private static String problem(FieldVector symbol, Float8Vector[] numbers, int row) {
        if (symbol.isNull(row)) {
            return "the symbol is missing";
        }
        for (int i = 0; i < numbers.length; i++) {
            Float8Vector vector = numbers[i];
            if (vector.isNull(row)) {
                return NUMBERS.get(i) + " is missing";
            }
            double value = vector.get(row);
            if (Double.isNaN(value)) {
                return NUMBERS.get(i) + " is NaN";
            }
            if (value < 0 || value == Double.POSITIVE_INFINITY) {
                return NUMBERS.get(i) + " is " + (value < 0 ? "negative" : "infinite") + " (" + value + ")";
            }
        }
        double bid = numbers[0].get(row);
        double ask = numbers[1].get(row);
        return bid > ask ? "bid " + bid + " is above ask " + ask + " (a crossed quote)" : null;
    }

    /** The batch's columns but the line numbers, moved (not copied) into a new batch. */
    private VectorSchemaRoot withoutLineNumbers(VectorSchemaRoot batch) {
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector vector : batch.getFieldVectors()) {
            if (!vector.getName().equals(lineColumn)) {
                fields.add(vector.getField());
                vectors.add(Batches.transfer(vector, vector.getAllocator()));
            }
        }
        return new VectorSchemaRoot(fields, vectors, batch.getRowCount());
    }
}
