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

    // Options set on a copy (copy(change)) and never after: a source is immutable once returned.
    KafkaConnection connection;
    final Schema schema;
    final List<String> topics;     // empty when a pattern is given
    final Pattern topicPattern;    // null when topics are given
    ValueFormat format = ValueFormat.CSV;
    StartingOffsets startingOffsets = StartingOffsets.EARLIEST;
    boolean bounded;
    String groupId;                // null: no group, nothing committed to Kafka
    int batchSize = DEFAULT_BATCH_SIZE;
    Duration partitionDiscovery = DEFAULT_PARTITION_DISCOVERY;
    Unreadable unreadable = Unreadable.FAIL;
    String problemColumn;          // KEEP: the problem, and the record's value as text
    String textColumn;
    String partitionColumn;        // null: no position columns
    String offsetColumn;
    List<CsvSource.Requirement> requirements = List.of(); // a row that breaks one is unreadable
    boolean keyedByPartition;      // subtask i reads partition i

    private KafkaSource(KafkaConnection connection, Schema schema, List<String> topics, Pattern topicPattern) {
        for (Field field : schema.getFields()) {
            ValueFormat.check(field);
        }
        this.connection = connection;
        this.schema = schema;
        this.topics = List.copyOf(topics);
        this.topicPattern = topicPattern;
    }

    /** Rows of {@code schema} from {@code topics} on the brokers {@code bootstrapServers} ({@code host:port,...}), CSV values. */
    public static KafkaSource of(String bootstrapServers, Schema schema, String... topics) {
        if (topics.length == 0) {
            throw new IllegalArgumentException("a Kafka source needs at least one topic (or use ofPattern)");
        }
        return new KafkaSource(new KafkaConnection(bootstrapServers), schema, List.of(topics), null);
    }

    /** Rows of {@code schema} from every topic whose name matches {@code topicPattern} (also topics created later). */
    public static KafkaSource ofPattern(String bootstrapServers, Schema schema, Pattern topicPattern) {
        return new KafkaSource(new KafkaConnection(bootstrapServers), schema, List.of(), Objects.requireNonNull(topicPattern));
    }

    /** A copy of this source with {@code change} applied: every option goes through here. */
    private KafkaSource copy(java.util.function.Consumer<KafkaSource> change) {
        KafkaSource copy = new KafkaSource(connection, schema, topics, topicPattern);
        copy.format = format;
        copy.startingOffsets = startingOffsets;
        copy.bounded = bounded;
        copy.groupId = groupId;
        copy.batchSize = batchSize;
        copy.partitionDiscovery = partitionDiscovery;
        copy.unreadable = unreadable;
        copy.problemColumn = problemColumn;
        copy.textColumn = textColumn;
        copy.partitionColumn = partitionColumn;
        copy.offsetColumn = offsetColumn;
        copy.requirements = requirements;
        copy.keyedByPartition = keyedByPartition;
        change.accept(copy);
        return copy;
    }

    public KafkaSource format(ValueFormat format) {
        Objects.requireNonNull(format);
        return copy(source -> source.format = format);
    }

    public KafkaSource startingOffsets(StartingOffsets offsets) {
        Objects.requireNonNull(offsets);
        return copy(source -> source.startingOffsets = offsets);
    }

    /** Stops at the latest offsets of the first start (Flink's {@code setBounded(OffsetsInitializer.latest())}). */
    public KafkaSource bounded() {
        return copy(source -> source.bounded = true);
    }

    /** Commits the offsets of every completed checkpoint to this consumer group (and lets {@link StartingOffsets#committed()} read them). */
    public KafkaSource groupId(String groupId) {
        Objects.requireNonNull(groupId);
        return copy(source -> source.groupId = groupId);
    }

    /** A consumer setting passed as it is (security, timeouts). */
    public KafkaSource property(String key, String value) {
        return copy(source -> source.connection = connection.withProperty(key, value));
    }

    /** How long a starting reader waits for the brokers before the job fails (default 30 s). */
    public KafkaSource connectTimeout(Duration timeout) {
        return copy(source -> source.connection = connection.withConnectTimeout(timeout));
    }

    /** At most this many rows per batch (and records per poll). */
    public KafkaSource withBatchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + rows);
        }
        return copy(source -> source.batchSize = rows);
    }

    /** How often an unbounded source looks for new partitions and topics (default 30 s). */
    public KafkaSource partitionDiscovery(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the partition discovery interval must be positive, was " + interval);
        }
        return copy(source -> source.partitionDiscovery = interval);
    }

    /** Drops records that cannot be read (counted in the log, with the first one's position and problem). */
    public KafkaSource skipUnreadableRecords() {
        return copy(source -> {
            source.unreadable = Unreadable.SKIP;
            source.problemColumn = null;
            source.textColumn = null;
        });
    }

    /**
     * Keeps records that cannot be read as rows whose declared columns are all null, with what is
     * wrong in the added utf8 column {@code problemColumn} and the value as text in {@code textColumn}
     * (both null on every other row), as {@code CsvSource.withUnreadableRows}: for a later check to
     * fail on, skip, or write to a dead-letter output. Use with {@link #withRecordPositions}.
     */
    public KafkaSource withUnreadableRows(String problemColumn, String textColumn) {
        requireNewColumns(problemColumn, textColumn);
        return copy(source -> {
            source.unreadable = Unreadable.KEEP;
            source.problemColumn = problemColumn;
            source.textColumn = textColumn;
        });
    }

    /** Adds the partition (int32) and offset (int64) of every record's row, after the declared columns. */
    public KafkaSource withRecordPositions(String partitionColumn, String offsetColumn) {
        requireNewColumns(partitionColumn, offsetColumn);
        return copy(source -> {
            source.partitionColumn = partitionColumn;
            source.offsetColumn = offsetColumn;
        });
    }

    private void requireNewColumns(String... added) {
        for (String column : added) {
            Objects.requireNonNull(column);
            if (schema.getFields().stream().anyMatch(f -> f.getName().equals(column))) {
                throw new IllegalArgumentException("the added column '" + column + "' is already a column of the schema");
            }
        }
    }

    /**
     * Treats a row that breaks {@code requirement} (a missing symbol, a negative size) as a record that
     * cannot be read: it fails the job, naming topic, partition, offset and column, or follows
     * {@link #skipUnreadableRecords} / {@link #withUnreadableRows} (as {@code CsvSource.require}).
     */
    public KafkaSource require(CsvSource.Requirement requirement) {
        requirement.check(schema);
        List<CsvSource.Requirement> more = new java.util.ArrayList<>(requirements);
        more.add(requirement);
        return copy(source -> source.requirements = List.copyOf(more));
    }

    /**
     * Subtask i reads partition i of each topic, which must have as many partitions as the source
     * has subtasks (checked when it starts): for a topic written by key group
     * ({@link KafkaSink#partitionByKeyGroups}), so that the stream can be declared keyed with
     * {@code reinterpretAsKeyedStream} and read without a reshuffle.
     */
    public KafkaSource keyedByPartition() {
        return copy(source -> source.keyedByPartition = true);
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
