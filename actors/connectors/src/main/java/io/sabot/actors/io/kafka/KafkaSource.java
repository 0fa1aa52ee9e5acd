package io.sabot.actors.io.kafka;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.io.csv.CsvSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows from Kafka topics: each record's value is one row of the declared schema ({@link ValueFormat}),
 * read with {@code kafka-clients} straight into Arrow batches (one partition per batch).
 *
 * <ul>
 *   <li>Partitions are spread over the source's subtasks as Flink spreads them (by topic hash and
 *   partition); new partitions are found every {@link #partitionDiscovery} and read from their start.</li>
 *   <li>Every checkpoint keeps the next offset of every partition; a restored run seeks there.
 *   {@link #startingOffsets} decides where a fresh run starts.</li>
 *   <li>{@link #bounded()} stops at the offsets that were the latest (committed) when the job first
 *   started, kept in its checkpoints, so a replay job ends and a restarted one ends at the same place.</li>
 *   <li>With a consumer group ({@link #groupId}), the offsets of each completed checkpoint are also
 *   committed to Kafka, for monitoring (the job never reads them back except with
 *   {@link StartingOffsets#committed()}).</li>
 *   <li>Records are read {@code read_committed}: rows of aborted transactions never enter.</li>
 *   <li>Every partition is a split with a watermark generator of its own; the source's watermark is
 *   the minimum over its partitions (idleness per partition with the strategy's {@code withIdleness}).</li>
 *   <li>A record that cannot be read fails the job, naming topic, partition, offset and column;
 *   or is skipped ({@link #skipUnreadableRecords}); or becomes a row for the job's own check
 *   ({@link #withUnreadableRows}).</li>
 * </ul>
 */
public final class KafkaSource implements Source {

    public static final int DEFAULT_BATCH_SIZE = 8192;
    public static final Duration DEFAULT_PARTITION_DISCOVERY = Duration.ofSeconds(30);

    /** What happens to a record whose value is not a row of the schema. */
    enum Unreadable { FAIL, SKIP, KEEP }

    final KafkaConnection connection;
    final Schema schema;
    final List<String> topics;     // empty when a pattern is given
    final Pattern topicPattern;    // null when topics are given
    final ValueFormat format;
    final StartingOffsets startingOffsets;
    final boolean bounded;
    final String groupId;          // null: no group, nothing committed to Kafka
    final int batchSize;
    final Duration partitionDiscovery;
    final Unreadable unreadable;
    final String problemColumn;    // KEEP: the problem, and the record's value as text
    final String textColumn;
    final String partitionColumn;  // null: no position columns
    final String offsetColumn;
    final List<CsvSource.Requirement> requirements; // a row that breaks one is unreadable
    final boolean keyedByPartition; // subtask i reads partition i

    private KafkaSource(KafkaConnection connection, Schema schema, List<String> topics, Pattern topicPattern,
                        ValueFormat format, StartingOffsets startingOffsets, boolean bounded, String groupId, int batchSize,
                        Duration partitionDiscovery, Unreadable unreadable, String problemColumn, String textColumn,
                        String partitionColumn, String offsetColumn, List<CsvSource.Requirement> requirements,
                        boolean keyedByPartition) {
        for (Field field : schema.getFields()) {
            ValueFormat.check(field);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        if (partitionDiscovery.isNegative() || partitionDiscovery.isZero()) {
            throw new IllegalArgumentException("the partition discovery interval must be positive, was " + partitionDiscovery);
        }
        for (String added : new String[] {problemColumn, textColumn, partitionColumn, offsetColumn}) {
            if (added != null && schema.getFields().stream().anyMatch(f -> f.getName().equals(added))) {
                throw new IllegalArgumentException("the added column '" + added + "' is already a column of the schema");
            }
        }
        this.connection = connection;
        this.schema = schema;
        this.topics = List.copyOf(topics);
        this.topicPattern = topicPattern;
        this.format = Objects.requireNonNull(format);
        this.startingOffsets = Objects.requireNonNull(startingOffsets);
        this.bounded = bounded;
        this.groupId = groupId;
        this.batchSize = batchSize;
        this.partitionDiscovery = partitionDiscovery;
        this.unreadable = unreadable;
        this.problemColumn = problemColumn;
        this.textColumn = textColumn;
        this.partitionColumn = partitionColumn;
        this.offsetColumn = offsetColumn;
        this.requirements = List.copyOf(requirements);
        this.keyedByPartition = keyedByPartition;
        for (CsvSource.Requirement requirement : requirements) {
            Field field = schema.getFields().stream().filter(f -> f.getName().equals(requirement.column())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("a requirement names column '" + requirement.column()
                            + "', which the schema does not have"));
            if (requirement.valid() != null && !(field.getType().equals(SchemaBuilder.FLOAT64)
                    || field.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Int)) {
                throw new IllegalArgumentException("a value requirement needs a float64 or integer column; '"
                        + requirement.column() + "' is " + field.getType());
            }
        }
    }

    /** Rows of {@code schema} from {@code topics} on the brokers {@code bootstrapServers} ({@code host:port,...}), CSV values. */
    public static KafkaSource of(String bootstrapServers, Schema schema, String... topics) {
        if (topics.length == 0) {
            throw new IllegalArgumentException("a Kafka source needs at least one topic (or use ofPattern)");
        }
        return new KafkaSource(new KafkaConnection(bootstrapServers), schema, List.of(topics), null,
                ValueFormat.CSV, StartingOffsets.EARLIEST, false, null, DEFAULT_BATCH_SIZE, DEFAULT_PARTITION_DISCOVERY,
                Unreadable.FAIL, null, null, null, null, List.of(), false);
    }

    /** Rows of {@code schema} from every topic whose name matches {@code topicPattern} (also topics created later). */
    public static KafkaSource ofPattern(String bootstrapServers, Schema schema, Pattern topicPattern) {
        return new KafkaSource(new KafkaConnection(bootstrapServers), schema, List.of(), topicPattern,
                ValueFormat.CSV, StartingOffsets.EARLIEST, false, null, DEFAULT_BATCH_SIZE, DEFAULT_PARTITION_DISCOVERY,
                Unreadable.FAIL, null, null, null, null, List.of(), false);
    }

    private KafkaSource with(KafkaConnection connection, ValueFormat format, StartingOffsets startingOffsets, boolean bounded,
                             String groupId, int batchSize, Duration partitionDiscovery, Unreadable unreadable,
                             String problemColumn, String textColumn, String partitionColumn, String offsetColumn) {
        return new KafkaSource(connection, schema, topics, topicPattern, format, startingOffsets, bounded, groupId, batchSize,
                partitionDiscovery, unreadable, problemColumn, textColumn, partitionColumn, offsetColumn, requirements,
                keyedByPartition);
    }

    /**
     * Subtask i reads partition i of each topic, which must have as many partitions as the source
     * has subtasks (checked when it starts): for a topic written by key group
     * ({@link KafkaSink#partitionByKeyGroups}), so that the stream can be declared keyed with
     * {@code reinterpretAsKeyedStream} and read without a reshuffle.
     */
    public KafkaSource keyedByPartition() {
        return new KafkaSource(connection, schema, topics, topicPattern, format, startingOffsets, bounded, groupId, batchSize,
                partitionDiscovery, unreadable, problemColumn, textColumn, partitionColumn, offsetColumn, requirements, true);
    }

    /**
     * Treats a row that breaks {@code requirement} (a missing symbol, a negative size) as a record that
     * cannot be read: it fails the job, naming topic, partition, offset and column, or follows
     * {@link #skipUnreadableRecords} / {@link #withUnreadableRows} (as {@code CsvSource.require}).
     */
    public KafkaSource require(CsvSource.Requirement requirement) {
        List<CsvSource.Requirement> more = new java.util.ArrayList<>(requirements);
        more.add(requirement);
        return new KafkaSource(connection, schema, topics, topicPattern, format, startingOffsets, bounded, groupId, batchSize,
                partitionDiscovery, unreadable, problemColumn, textColumn, partitionColumn, offsetColumn, more, keyedByPartition);
    }

    public KafkaSource format(ValueFormat format) {
        return with(connection, format, startingOffsets, bounded, groupId, batchSize, partitionDiscovery, unreadable,
                problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    public KafkaSource startingOffsets(StartingOffsets offsets) {
        return with(connection, format, offsets, bounded, groupId, batchSize, partitionDiscovery, unreadable,
                problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    /** Stops at the latest offsets of the first start (Flink's {@code setBounded(OffsetsInitializer.latest())}). */
    public KafkaSource bounded() {
        return with(connection, format, startingOffsets, true, groupId, batchSize, partitionDiscovery, unreadable,
                problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    /** Commits the offsets of every completed checkpoint to this consumer group (and lets {@link StartingOffsets#committed()} read them). */
    public KafkaSource groupId(String groupId) {
        return with(connection, format, startingOffsets, bounded, Objects.requireNonNull(groupId), batchSize,
                partitionDiscovery, unreadable, problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    /** A consumer setting passed as it is (security, timeouts). */
    public KafkaSource property(String key, String value) {
        return with(connection.withProperty(key, value), format, startingOffsets, bounded, groupId,
                batchSize, partitionDiscovery, unreadable, problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    /** How long a starting reader waits for the brokers before the job fails (default 30 s). */
    public KafkaSource connectTimeout(Duration timeout) {
        return with(connection.withConnectTimeout(timeout), format, startingOffsets, bounded, groupId, batchSize,
                partitionDiscovery, unreadable, problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    /** At most this many rows per batch (and records per poll). */
    public KafkaSource withBatchSize(int rows) {
        return with(connection, format, startingOffsets, bounded, groupId, rows, partitionDiscovery, unreadable,
                problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    /** How often an unbounded source looks for new partitions and topics (default 30 s). */
    public KafkaSource partitionDiscovery(Duration interval) {
        return with(connection, format, startingOffsets, bounded, groupId, batchSize, interval, unreadable,
                problemColumn, textColumn, partitionColumn, offsetColumn);
    }

    /** Drops records that cannot be read (counted in the log, with the first one's position and problem). */
    public KafkaSource skipUnreadableRecords() {
        return with(connection, format, startingOffsets, bounded, groupId, batchSize, partitionDiscovery, Unreadable.SKIP,
                null, null, partitionColumn, offsetColumn);
    }

    /**
     * Keeps records that cannot be read as rows whose declared columns are all null, with what is
     * wrong in the added utf8 column {@code problemColumn} and the value as text in {@code textColumn}
     * (both null on every other row), as {@code CsvSource.withUnreadableRows}: for a later check to
     * fail on, skip, or write to a dead-letter output. Use with {@link #withRecordPositions}.
     */
    public KafkaSource withUnreadableRows(String problemColumn, String textColumn) {
        return with(connection, format, startingOffsets, bounded, groupId, batchSize, partitionDiscovery, Unreadable.KEEP,
                Objects.requireNonNull(problemColumn), Objects.requireNonNull(textColumn), partitionColumn, offsetColumn);
    }

    /** Adds the partition (int32) and offset (int64) of every record's row, after the declared columns. */
    public KafkaSource withRecordPositions(String partitionColumn, String offsetColumn) {
        return with(connection, format, startingOffsets, bounded, groupId, batchSize, partitionDiscovery, unreadable,
                problemColumn, textColumn, Objects.requireNonNull(partitionColumn), Objects.requireNonNull(offsetColumn));
    }

    /** The topics as a description: {@code quotes} or {@code /quotes-.*}/. */
    public String describeTopics() {
        return topicPattern != null ? "/" + topicPattern.pattern() + "/" : String.join(",", topics);
    }

    /** The declared columns, then the record positions and the unreadable-row columns if asked for. */
    @Override
    public Schema schema() {
        SchemaBuilder columns = SchemaBuilder.from(schema);
        if (partitionColumn != null) {
            columns.int32(partitionColumn).int64(offsetColumn);
        }
        if (problemColumn != null) {
            columns.utf8(problemColumn).utf8(textColumn);
        }
        return columns.build();
    }

    /** Any: a subtask without partitions is idle. */
    @Override
    public int maxParallelism() {
        return 1 << 15;
    }

    @Override
    public SourceReader createReader(SourceContext context) throws IOException {
        return new KafkaSourceReader(this, context);
    }
}
