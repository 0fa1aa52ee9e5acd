package io.sabot.actors.io.kafka;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.batch.SchemaBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows to a Kafka topic, one record per row: the value in a {@link ValueFormat} (CSV lines as the
 * CSV file sink writes them, without a header, or JSON), the key the text of the key column (none:
 * no key). With {@link DeliveryGuarantee#EXACTLY_ONCE} (the default) the rows of each checkpoint go
 * to Kafka in one transaction when the checkpoint completes; see {@link KafkaSinkWriter}.
 */
public final class KafkaSink implements Sink {

    final KafkaConnection connection;
    final String topic;
    final ValueFormat format;
    final String keyColumn;            // null: records without a key
    final DeliveryGuarantee guarantee;
    final String transactionalIdPrefix;
    final int keyGroups;               // > 0: partition by key group over this max parallelism; 0: Kafka's partitioner

    private KafkaSink(KafkaConnection connection, String topic, ValueFormat format, String keyColumn,
                      DeliveryGuarantee guarantee, String transactionalIdPrefix, int keyGroups) {
        this.connection = connection;
        this.topic = Objects.requireNonNull(topic);
        this.format = Objects.requireNonNull(format);
        this.keyColumn = keyColumn;
        this.guarantee = Objects.requireNonNull(guarantee);
        this.transactionalIdPrefix = Objects.requireNonNull(transactionalIdPrefix);
        this.keyGroups = keyGroups;
    }

    /** CSV rows to {@code topic} on {@code bootstrapServers}, exactly once, transactional ids {@code sabot-<topic>-<subtask>}. */
    public static KafkaSink to(String bootstrapServers, String topic) {
        return new KafkaSink(new KafkaConnection(bootstrapServers), topic, ValueFormat.CSV, null,
                DeliveryGuarantee.EXACTLY_ONCE, "sabot-" + topic, 0);
    }

    public KafkaSink format(ValueFormat format) {
        return new KafkaSink(connection, topic, format, keyColumn, guarantee, transactionalIdPrefix, keyGroups);
    }

    /** Each record's key is the text of this column (records of one key go to one partition). */
    public KafkaSink keyColumn(String column) {
        return new KafkaSink(connection, topic, format, Objects.requireNonNull(column), guarantee, transactionalIdPrefix,
                keyGroups);
    }

    public KafkaSink deliveryGuarantee(DeliveryGuarantee guarantee) {
        return new KafkaSink(connection, topic, format, keyColumn, guarantee, transactionalIdPrefix, keyGroups);
    }

    /**
     * The transactional ids are {@code <prefix>-<subtask>}: stable over restarts, so a restarted sink
     * fences its earlier run's producer and aborts what it left open. Two jobs writing at the same time
     * need different prefixes.
     */
    public KafkaSink transactionalIdPrefix(String prefix) {
        return new KafkaSink(connection, topic, format, keyColumn, guarantee, prefix, keyGroups);
    }

    /**
     * Puts each record in the partition Flink's key-group assignment gives its key for as many
     * subtasks as the topic has partitions (key groups: {@code maxParallelism}, the reading job's;
     * 128 for jobs up to parallelism 85), instead of Kafka's murmur2 partitioner. A job can then read
     * the topic with one source subtask per partition ({@link KafkaSource#keyedByPartition()}) and
     * declare it keyed ({@code reinterpretAsKeyedStream}), without a reshuffle. Needs a key column.
     */
    public KafkaSink partitionByKeyGroups(int maxParallelism) {
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("the max parallelism must be at least 1, was " + maxParallelism);
        }
        return new KafkaSink(connection, topic, format, keyColumn, guarantee, transactionalIdPrefix, maxParallelism);
    }

    /** A producer setting passed as it is (security, {@code transaction.timeout.ms}, batching). */
    public KafkaSink property(String key, String value) {
        return new KafkaSink(connection.withProperty(key, value), topic, format, keyColumn, guarantee, transactionalIdPrefix,
                keyGroups);
    }

    /** How long a starting writer waits for the brokers before the job fails (default 30 s). */
    public KafkaSink connectTimeout(java.time.Duration timeout) {
        return new KafkaSink(connection.withConnectTimeout(timeout), topic, format, keyColumn, guarantee,
                transactionalIdPrefix, keyGroups);
    }

    @Override
    public void validate(Schema schema) {
        for (Field field : schema.getFields()) {
            ValueFormat.check(field);
        }
        if (keyGroups > 0 && (keyColumn == null || schema.getFields().stream()
                .noneMatch(f -> f.getName().equals(keyColumn) && f.getType().equals(SchemaBuilder.UTF8)))) {
            // a number key hashes as a number in a keyed agent, not as its text: only text keys for now
            throw new IllegalArgumentException("a Kafka sink partitioned by key groups needs a utf8 key column (keyColumn)");
        }
        if (keyColumn != null && schema.getFields().stream().noneMatch(f -> f.getName().equals(keyColumn))) {
            throw new IllegalArgumentException("the Kafka sink's key column '" + keyColumn + "' is not a column of "
                    + schema.getFields().stream().map(Field::getName).toList());
        }
    }

    @Override
    public int maxParallelism() {
        return 1 << 15;
    }

    @Override
    public SinkWriter createWriter(SinkContext context) throws IOException {
        return new KafkaSinkWriter(this, context);
    }
}
