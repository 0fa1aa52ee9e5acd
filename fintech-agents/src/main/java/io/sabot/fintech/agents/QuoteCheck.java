package io.sabot.fintech.agents;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.io.BadInputException;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.io.csv.CsvSource.Requirement;
import io.sabot.fintech.schema.MarketDataRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks quotes before any kernel sees them and applies a {@link BadRows} policy to those that
 * fail. A quote is bad when it breaks a {@link MarketDataRules} rule (its symbol is missing; its
 * timestamp is missing or negative; a price is missing, NaN, infinite or not above 0; a size is
 * missing, NaN, infinite or negative; its bid is above its ask) or when the source could not read
 * it at all (see {@link CsvSource#withUnreadableRows}). Needs where every row comes from to name it
 * ({@link RowOrigin}: its line, see {@link CsvSource#withLineNumbers}; or its Kafka partition and
 * offset), and drops those columns and the unreadable-row columns from its output. Stateless: runs before the keyBy, and keeps the order of the rows it
 * passes on.
 *
 * <p>Dead letters go to the side output {@link #deadLetters}: {@code line} (or {@code partition,
 * offset}), {@code reason}, the row's columns and {@code raw}, the record as it was in the input
 * (only for rows the source could not read; the others are in their columns), in the order they
 * were rejected. Written by a sink, they
 * are exactly once like any output.
 */
public final class QuoteCheck implements BatchFunction {

    private final RowOrigin origin;
    private final String problemColumn; // null: the source fails on a record it cannot read
    private final String textColumn;
    private final BadRows policy;
    private AgentContext context;
    private OutputTag deadLetterTag;
    private Requirement[] rules;
    private int[] kept = new int[0];
    private int[] rejected = new int[0];
    private long[] rejectedLines = new long[0]; // or offsets
    private int[] rejectedPartitions = new int[0];
    private final List<String> reasons = new ArrayList<>();

    /** A check of rows that all parsed (the source fails on any that does not). */
    public QuoteCheck(String file, String lineColumn, BadRows policy) {
        this(file, lineColumn, null, null, policy);
    }

    /**
     * A check of a source that keeps unreadable rows, with their problem in {@code problemColumn}
     * and their text in {@code textColumn} ({@link CsvSource#withUnreadableRows}): the policy
     * applies to them too. So {@code fail} names the first bad row of the file, whatever is wrong
     * with it; a source that fails by itself names its first unreadable record, even when a row
     * before it in the same batch breaks a rule.
     *
     * @param file the input, as error messages name it
     */
    public QuoteCheck(String file, String lineColumn, String problemColumn, String textColumn, BadRows policy) {
        this(new RowOrigin.FileLines(file, Objects.requireNonNull(lineColumn)), problemColumn, textColumn, policy);
    }

    /** A check of rows from {@code origin} (a file's lines or a topic's records), unreadable ones kept as for a file. */
    public QuoteCheck(RowOrigin origin, String problemColumn, String textColumn, BadRows policy) {
        this.origin = Objects.requireNonNull(origin);
        this.problemColumn = problemColumn;
        this.textColumn = problemColumn == null ? null : Objects.requireNonNull(textColumn);
        this.policy = Objects.requireNonNull(policy);
    }

    /**
     * The side output of rejected rows of quotes {@code quotes} (the columns this check passes on):
     * {@code line} (int64), {@code reason} (utf8), the quote's columns, then {@code raw} (utf8).
     */
    public static OutputTag deadLetters(Schema quotes) {
        return deadLetters(quotes, new RowOrigin.FileLines("", ""));
    }

    /**
     * The side output of rejected rows from {@code origin}: {@code line} (a file) or {@code partition,
     * offset} (a topic), {@code reason} (utf8), the quote's columns, then {@code raw} (utf8).
     */
    public static OutputTag deadLetters(Schema quotes, RowOrigin origin) {
        SchemaBuilder position = origin instanceof RowOrigin.TopicRecords ? SchemaBuilder.of().int32("partition").int64("offset")
                : SchemaBuilder.of().int64("line");
        List<Field> fields = new ArrayList<>(position.utf8("reason").build().getFields());
        fields.addAll(quotes.getFields());
        fields.addAll(SchemaBuilder.of().utf8("raw").build().getFields());
        return new OutputTag("dead-letters", new Schema(fields));
    }

    @Override
    public List<OutputTag> sideOutputs(Schema input) {
        return policy == BadRows.DEAD_LETTER ? List.of(deadLetters(outputSchema(input), origin)) : List.of();
    }

    @Override
    public Schema outputSchema(Schema input) {
        for (String column : List.of("bid", "ask", "bid_size", "ask_size")) {
            require(input, column, SchemaBuilder.FLOAT64);
        }
        require(input, "symbol", SchemaBuilder.UTF8);
        require(input, "ts", SchemaBuilder.INT64);
        if (origin instanceof RowOrigin.TopicRecords topic) {
            require(input, topic.partitionColumn(), SchemaBuilder.INT32);
            require(input, topic.offsetColumn(), SchemaBuilder.INT64);
        } else {
            require(input, ((RowOrigin.FileLines) origin).lineColumn(), SchemaBuilder.INT64);
        }
        if (problemColumn != null) {
            require(input, problemColumn, SchemaBuilder.UTF8);
            require(input, textColumn, SchemaBuilder.UTF8);
        }
        return new Schema(input.getFields().stream().filter(f -> !bookkeeping(f.getName())).toList());
    }

    /** Where rows come from and the unreadable-row columns: read here, not passed on. */
    private boolean bookkeeping(String column) {
        boolean position = origin instanceof RowOrigin.TopicRecords topic
                ? column.equals(topic.partitionColumn()) || column.equals(topic.offsetColumn())
                : column.equals(((RowOrigin.FileLines) origin).lineColumn());
        return position || column.equals(problemColumn) || column.equals(textColumn);
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
        if (rules == null) {
            rules = MarketDataRules.of(batch.getSchema()).toArray(Requirement[]::new);
        }
        FieldVector[] ruled = new FieldVector[rules.length];
        for (int i = 0; i < rules.length; i++) {
            ruled[i] = batch.getVector(rules[i].column());
        }
        Float8Vector bid = (Float8Vector) batch.getVector("bid");
        Float8Vector ask = (Float8Vector) batch.getVector("ask");
        RowOrigin.TopicRecords topic = origin instanceof RowOrigin.TopicRecords records ? records : null;
        BigIntVector lines = (BigIntVector) batch.getVector(topic != null ? topic.offsetColumn()
                : ((RowOrigin.FileLines) origin).lineColumn());
        IntVector partitions = topic == null ? null : (IntVector) batch.getVector(topic.partitionColumn());
        VarCharVector problems = problemColumn == null ? null : (VarCharVector) batch.getVector(problemColumn);
        if (kept.length < rows) {
            kept = new int[rows];
            rejected = new int[rows];
            rejectedLines = new long[rows];
            rejectedPartitions = new int[rows];
        }
        int count = 0;
        reasons.clear();
        for (int row = 0; row < rows; row++) {
            long line = lines.isNull(row) ? 0 : lines.get(row); // a topic's: the offset
            int partition = partitions == null || partitions.isNull(row) ? 0 : partitions.get(row);
            String where = topic == null ? ((RowOrigin.FileLines) origin).file()
                    : "topic '" + topic.topic() + "' partition " + partition + " offset " + line;
            long whereLine = topic == null ? line : 0;
            BadInputException bad = problems != null && !problems.isNull(row)
                    ? BadInputException.ofReason(where, whereLine, new String(problems.get(row), StandardCharsets.UTF_8))
                    : problem(ruled, bid, ask, row, where, whereLine);
            if (bad == null) {
                kept[count++] = row;
                continue;
            }
            if (policy == BadRows.FAIL) {
                throw bad;
            }
            rejected[reasons.size()] = row;
            rejectedLines[reasons.size()] = line;
            rejectedPartitions[reasons.size()] = partition;
            reasons.add(bad.reason());
        }
        VectorSchemaRoot checked = withoutBookkeeping(batch);
        if (count == rows) {
            return checked;
        }
        try (checked) {
            if (policy == BadRows.DEAD_LETTER) {
                emitDeadLetters(checked, problems == null ? null : (VarCharVector) batch.getVector(textColumn));
            }
            return count == 0 ? null : RowGather.gather(checked, kept, count, context.allocator());
        }
    }

    /**
     * What is wrong with the quote in {@code row} that the source read, as the exception the
     * {@code fail} policy throws (only ever made for a bad row), or null.
     */
    private BadInputException problem(FieldVector[] ruled, Float8Vector bid, Float8Vector ask, int row, String where, long line) {
        for (int i = 0; i < rules.length; i++) {
            String problem = rules[i].problem(ruled[i], row);
            if (problem != null) {
                return new BadInputException(where, line, rules[i].column(), problem);
            }
        }
        String crossed = MarketDataRules.crossedQuote(bid.get(row), ask.get(row));
        return crossed == null ? null : new BadInputException(where, line, null, crossed);
    }

    /**
     * The rejected rows of {@code checked} to the dead-letter side output, with their lines, reasons
     * and, from {@code texts} (null: none), the text of those the source could not read.
     */
    private void emitDeadLetters(VectorSchemaRoot checked, VarCharVector texts) {
        if (deadLetterTag == null) {
            deadLetterTag = deadLetters(checked.getSchema(), origin);
        }
        int count = reasons.size();
        boolean topic = origin instanceof RowOrigin.TopicRecords;
        IntVector partition = topic ? new IntVector("partition", context.allocator()) : null;
        BigIntVector line = new BigIntVector(topic ? "offset" : "line", context.allocator());
        VarCharVector reason = new VarCharVector("reason", context.allocator());
        VarCharVector raw = new VarCharVector("raw", context.allocator());
        if (topic) {
            partition.allocateNew(count);
        }
        line.allocateNew(count);
        reason.allocateNew(count);
        raw.allocateNew(count);
        for (int i = 0; i < count; i++) {
            if (topic) {
                partition.set(i, rejectedPartitions[i]);
            }
            line.set(i, rejectedLines[i]);
            reason.setSafe(i, reasons.get(i).getBytes(StandardCharsets.UTF_8));
            if (texts != null && !texts.isNull(rejected[i])) {
                raw.setSafe(i, texts.get(rejected[i]));
            }
        }
        line.setValueCount(count);
        reason.setValueCount(count);
        raw.setValueCount(count);
        List<FieldVector> vectors = new ArrayList<>();
        if (topic) {
            partition.setValueCount(count);
            vectors.add(partition);
        }
        vectors.addAll(List.of(line, reason));
        try (VectorSchemaRoot rows = RowGather.gather(checked, rejected, count, context.allocator())) {
            for (FieldVector vector : rows.getFieldVectors()) {
                vectors.add(Batches.transfer(vector, context.allocator()));
            }
        }
        vectors.add(raw);
        context.emit(deadLetterTag, new VectorSchemaRoot(deadLetterTag.schema().getFields(), vectors, count), null);
    }

    /** The batch's quote columns, moved (not copied) into a new batch; the bookkeeping columns stay. */
    private VectorSchemaRoot withoutBookkeeping(VectorSchemaRoot batch) {
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector vector : batch.getFieldVectors()) {
            if (!bookkeeping(vector.getName())) {
                fields.add(vector.getField());
                vectors.add(Batches.transfer(vector, vector.getAllocator()));
            }
        }
        return new VectorSchemaRoot(fields, vectors, batch.getRowCount());
    }
}
