package io.sabot.actors.io.kafka;

import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.io.BadInputException;
import io.sabot.actors.io.csv.CsvSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's share of a {@link KafkaSource}: the partitions it owns, read with one consumer
 * (assigned, not subscribed: no group rebalance ever moves a partition), each batch from one
 * partition. Its position is the next offset of every owned partition (and, bounded, where each
 * stops), so a restored reader continues exactly after the last batch of the checkpoint.
 */
final class KafkaSourceReader implements SourceReader {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
    private static final Duration POLL = Duration.ofMillis(20); // an empty poll returns an empty batch after this

    private final KafkaSource source;
    private final SourceContext context;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final GroupOffsetCommits commits; // null without a consumer group
    private final Map<TopicPartition, PartitionOffsets> owned = new LinkedHashMap<>();
    private final Map<TopicPartition, PartitionOffsets> restored = new HashMap<>(); // from the checkpoint, until discovered
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final Set<String> splits = new LinkedHashSet<>();
    private final Collection<String> splitsView = Collections.unmodifiableSet(splits);
    private long emitted;
    private String lastSplit;
    private long nextDiscovery;
    private boolean discoveredOnce;
    private long skipped;

    /** Records of one partition from one poll, not yet in a batch. */
    private record Chunk(PartitionOffsets partition, List<ConsumerRecord<byte[], byte[]>> records, int[] next) {}

    KafkaSourceReader(KafkaSource source, SourceContext context) throws IOException {
        this.source = source;
        this.context = context;
        this.emitted = context.startOffset();
        if (context.startPosition() != null) {
            PartitionOffsets.decode(context.startPosition()).forEach(partition -> restored.put(partition.id, partition));
        }
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        defaults.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        defaults.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        defaults.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, source.batchSize);
        defaults.put(ConsumerConfig.CLIENT_ID_CONFIG, "sabot-source-" + source.describeTopics() + "-" + context.subtaskIndex());
        if (source.groupId != null) {
            defaults.put(ConsumerConfig.GROUP_ID_CONFIG, source.groupId);
        }
        if (source.startingOffsets instanceof StartingOffsets.Committed && source.groupId == null) {
            throw new IOException("starting from committed offsets needs a consumer group (groupId)");
        }
        try (Admin admin = source.connection.admin()) {
            if (source.topicPattern == null) {
                KafkaConnection.requireTopics(admin, source.topics, source.connection.bootstrapServers());
            }
        }
        this.consumer = new KafkaConsumer<>(source.connection.clientConfig(defaults), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.commits = source.groupId == null ? null : new GroupOffsetCommits(consumer, source.groupId);
        try {
            discover();
        } catch (RuntimeException | IOException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public VectorSchemaRoot next() throws IOException {
        if (chunks.isEmpty()) {
            if (!source.bounded && System.nanoTime() >= nextDiscovery) {
                try {
                    discover();
                } catch (org.apache.kafka.common.errors.TimeoutException e) { // the brokers are away: read on, look again later
                    LOG.warn("Kafka source subtask {} could not look for new partitions: {}", context.subtaskIndex(), e.toString());
                }
            }
            if (allEnded()) {
                commitFinalOffsets();
                return null;
            }
            poll();
            if (chunks.isEmpty()) {
                if (allEnded()) {
                    commitFinalOffsets();
                    return null;
                }
                return emptyBatch();
            }
        }
        return batchOf(chunks.peek());
    }

    /** Polls once: the records of every partition become chunks; partitions past their end are marked. */
    private void poll() {
        if (owned.isEmpty()) {
            sleep(); // nothing assigned (yet): do not spin
            return;
        }
        if (commits != null) {
            commits.retryIfFailed();
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (TopicPartition id : records.partitions()) {
            PartitionOffsets partition = owned.get(id);
            if (partition == null || partition.ended) {
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> list = records.records(id);
            int end = list.size();
            while (end > 0 && list.get(end - 1).offset() >= partition.stop) {
                end--;
            }
            if (end > 0) {
                chunks.add(new Chunk(partition, list.subList(0, end), new int[1]));
            }
        }
        if (source.bounded) {
            markEnded();
        }
    }

    /** Bounded: a partition with nothing waiting whose consumer is at or past its stop offset has ended. */
    private void markEnded() {
        List<TopicPartition> paused = new ArrayList<>();
        for (PartitionOffsets partition : owned.values()) {
            if (partition.ended || chunks.stream().anyMatch(chunk -> chunk.partition() == partition)) {
                continue;
            }
            if (partition.next >= partition.stop || consumer.position(partition.id) >= partition.stop) {
                partition.ended = true;
                splits.remove(partition.split);
                paused.add(partition.id);
            }
        }
        if (!paused.isEmpty()) {
            consumer.pause(paused);
        }
    }

    private boolean allEnded() {
        return source.bounded && discoveredOnce && owned.values().stream().allMatch(partition -> partition.ended);
    }

    /** Up to a batch of rows from {@code chunk}'s records. */
    private VectorSchemaRoot batchOf(Chunk chunk) throws IOException {
        VectorSchemaRoot root = VectorSchemaRoot.create(source.schema(), context.allocator());
        try {
            root.allocateNew();
            List<FieldVector> declared = root.getFieldVectors().subList(0, source.schema.getFields().size());
            ValueFormat.Parser parser = source.format.parser(declared);
            IntVector partitions = source.partitionColumn == null ? null : (IntVector) root.getVector(source.partitionColumn);
            BigIntVector offsets = source.offsetColumn == null ? null : (BigIntVector) root.getVector(source.offsetColumn);
            VarCharVector problems = source.problemColumn == null ? null : (VarCharVector) root.getVector(source.problemColumn);
            VarCharVector texts = source.textColumn == null ? null : (VarCharVector) root.getVector(source.textColumn);
            PartitionOffsets partition = chunk.partition();
            int row = 0;
            int index = chunk.next()[0];
            List<ConsumerRecord<byte[], byte[]>> records = chunk.records();
            while (index < records.size() && row < source.batchSize) {
                ConsumerRecord<byte[], byte[]> record = records.get(index++);
                byte[] value = record.value();
                String problem = value == null ? "has no value (a tombstone)" : parser.parse(value, row);
                for (int r = 0; problem == null && r < source.requirements.size(); r++) {
                    CsvSource.Requirement requirement = source.requirements.get(r);
                    String broken = requirement.problem(root.getVector(requirement.column()), row);
                    problem = broken == null ? null : BadInputException.reason(requirement.column(), broken);
                }
                if (problem != null) {
                    if (source.unreadable == KafkaSource.Unreadable.FAIL) {
                        throw new BadInputException(where(record), 0, null, problem);
                    }
                    if (source.unreadable == KafkaSource.Unreadable.SKIP) {
                        if (skipped++ == 0) {
                            LOG.warn("skipping Kafka records that cannot be read; the first: {}: {}", where(record), problem);
                        }
                        partition.next = record.offset() + 1;
                        continue;
                    }
                    for (FieldVector column : declared) {
                        column.setNull(row);
                    }
                    problems.setSafe(row, problem.getBytes(StandardCharsets.UTF_8));
                    texts.setSafe(row, value == null ? new byte[0] : value);
                } else if (problems != null) {
                    problems.setNull(row);
                    texts.setNull(row);
                }
                if (partitions != null) {
                    partitions.setSafe(row, record.partition());
                    offsets.setSafe(row, record.offset());
                }
                partition.next = record.offset() + 1;
                row++;
            }
            chunk.next()[0] = index;
            if (index >= records.size()) {
                chunks.poll();
                if (source.bounded && chunks.isEmpty()) {
                    markEnded();
                }
            }
            root.setRowCount(row);
            emitted += row;
            lastSplit = partition.split;
            return root;
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return "topic '" + record.topic() + "' partition " + record.partition() + " offset " + record.offset();
    }

    private VectorSchemaRoot emptyBatch() {
        VectorSchemaRoot root = VectorSchemaRoot.create(source.schema(), context.allocator());
        root.setRowCount(0);
        return root;
    }

    /**
     * Finds the partitions of the topics (or the pattern) and takes those this subtask owns that it
     * does not read yet: at their restored offset, else (first start) at the starting offsets, else
     * (found later) at their earliest.
     */
    private void discover() throws IOException {
        nextDiscovery = System.nanoTime() + source.partitionDiscovery.toNanos();
        List<TopicPartition> all = new ArrayList<>();
        // the first look may wait for the brokers; a later one must not hold barriers and credits up for long
        Duration wait = discoveredOnce ? Duration.ofSeconds(2) : Duration.ofSeconds(30);
        for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(wait).entrySet()) {
            boolean wanted = source.topicPattern != null ? source.topicPattern.matcher(topic.getKey()).matches()
                    : source.topics.contains(topic.getKey());
            if (wanted) {
                if (source.keyedByPartition && topic.getValue().size() != context.parallelism()) {
                    throw new IOException("topic '" + topic.getKey() + "' has " + topic.getValue().size() + " partitions; read"
                            + " keyed by partition, its source needs as many subtasks, not " + context.parallelism());
                }
                topic.getValue().forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        List<TopicPartition> added = all.stream()
                .filter(id -> !owned.containsKey(id) && (source.keyedByPartition ? id.partition()
                        : owner(id, context.parallelism())) == context.subtaskIndex()).toList();
        if (added.isEmpty()) {
            discoveredOnce = true;
            return;
        }
        List<TopicPartition> assignment = new ArrayList<>(owned.keySet());
        assignment.addAll(added);
        consumer.assign(assignment);
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition id : added) {
            PartitionOffsets back = restored.remove(id);
            if (back != null) {
                consumer.seek(id, back.next);
                if (!source.bounded) {
                    back.stop = PartitionOffsets.UNBOUNDED; // restored from a bounded run: read on
                } else if (back.stop == PartitionOffsets.UNBOUNDED) {
                    back.stop = consumer.endOffsets(List.of(id)).get(id); // from an unbounded run: stop at today's end
                }
                owned.put(id, back);
            } else {
                fresh.add(id);
            }
        }
        boolean firstStart = !discoveredOnce && context.startPosition() == null;
        if (!fresh.isEmpty()) {
            (firstStart ? source.startingOffsets : StartingOffsets.EARLIEST).seek(consumer, fresh);
        }
        Map<TopicPartition, Long> stops = source.bounded ? consumer.endOffsets(fresh) : Map.of();
        for (TopicPartition id : fresh) {
            long stop = source.bounded ? stops.get(id) : PartitionOffsets.UNBOUNDED;
            if (source.bounded && !firstStart) {
                stop = consumer.position(id); // bounded: a partition found after the start is not read
            }
            owned.put(id, new PartitionOffsets(id, consumer.position(id), stop));
        }
        for (TopicPartition id : added) {
            splits.add(owned.get(id).split);
        }
        if (discoveredOnce) {
            LOG.info("Kafka source subtask {} reads new partitions {}", context.subtaskIndex(), added);
        }
        discoveredOnce = true;
        if (source.bounded) {
            markEnded();
        }
    }

    /** The subtask that reads {@code partition}: Flink's {@code KafkaSourceEnumerator.getSplitOwner}. */
    static int owner(TopicPartition partition, int parallelism) {
        int startIndex = ((partition.topic().hashCode() * 31) & 0x7FFFFFFF) % parallelism;
        return (startIndex + partition.partition()) % parallelism;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long offset() {
        return emitted;
    }

    @Override
    public Collection<String> splits() {
        return splitsView;
    }

    @Override
    public String split() {
        return lastSplit;
    }

    /** Every owned partition's next offset and stop offset (and those restored but not found again yet). */
    @Override
    public byte[] position() {
        List<PartitionOffsets> all = new ArrayList<>(owned.values());
        all.addAll(restored.values());
        return PartitionOffsets.encode(all);
    }

    /** Bounded, at the end: the final offsets to the consumer group. */
    private void commitFinalOffsets() {
        if (commits != null && !owned.isEmpty()) {
            commits.commitFinal(PartitionOffsets.toCommit(owned.values()));
        }
    }

    /** The checkpoint's offsets to the consumer group, for monitoring. */
    @Override
    public void checkpointCompleted(long checkpointId, byte[] position) {
        if (commits == null) {
            return;
        }
        try {
            commits.commit(checkpointId, PartitionOffsets.toCommit(PartitionOffsets.decode(position)));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a position this reader wrote
        }
    }

    @Override
    public void close() {
        if (skipped > 0) {
            LOG.warn("Kafka source subtask {} skipped {} records that could not be read", context.subtaskIndex(), skipped);
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
