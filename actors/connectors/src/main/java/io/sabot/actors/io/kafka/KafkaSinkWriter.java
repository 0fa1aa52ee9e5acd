package io.sabot.actors.io.kafka;

import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of a {@link KafkaSink}.
 *
 * <p><b>Exactly once.</b> Rows are encoded as they arrive and staged in memory; a checkpoint barrier
 * closes the stage of that checkpoint, which goes into the checkpoint itself ({@link #preCommit}
 * returns every stage not yet in Kafka). When a checkpoint completes, the stages up to it are sent
 * in one transaction of the producer {@code <prefix>-<subtask>} together with a marker: the offset
 * {@code checkpointId} of partition 0 of the topic, committed for the consumer group named like the
 * transactional id, with the run's id as metadata. Kafka commits records and marker atomically. A
 * restored writer first initializes the same transactional id (which fences the earlier run's
 * producer: what it left open is aborted, a commit it had begun completes), then reads the marker
 * (stable offsets only) and sends again exactly the restored stages the marker of the restored run
 * does not cover; its own commits then carry a new run id. So nothing depends on resuming another
 * process's transaction (Flink does that through Kafka's internals), and a crash at any point, also
 * between a checkpoint's completion and its commit, loses or repeats nothing. Limits: the marker is a
 * consumer-group offset, which Kafka forgets {@code offsets.retention.minutes} (7 days) after the
 * group was last used, so a job restored after longer sends its last checkpoint's stages again; and
 * a job restored from an older savepoint sends again, besides what came after the savepoint (as with
 * any restore from an older point), the stages pending at it. The cost: rows become visible when
 * their checkpoint completes (as with Flink's exactly-once sink), and a checkpoint holds the rows its
 * sink has not committed.
 *
 * <p><b>At least once</b> sends at once and flushes at every barrier; <b>none</b> only sends.
 */
final class KafkaSinkWriter implements SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkWriter.class);
    private static final int STATE_VERSION = 1;
    private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000; // the producer's default

    private final KafkaSink sink;
    private final SinkContext context;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String transactionalId;
    private final TopicPartition markerPartition;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final TreeMap<Long, Stage> pending = new TreeMap<>(); // pre-committed stages not in Kafka yet
    private String runId; // the run whose stages are committed: the restored one's while restoring, then this attempt's
    private Stage current = new Stage();
    private int partitions; // of the topic, when partitioning by key group

    /** Encoded records: partition (-1: the producer's choice), key length (-1: none), key, value length, value; repeated. */
    private static final class Stage {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        final DataOutputStream out = new DataOutputStream(bytes);
        int records;

        void add(int partition, byte[] key, byte[] value) throws IOException {
            out.writeInt(partition);
            out.writeInt(key == null ? -1 : key.length);
            if (key != null) {
                out.write(key);
            }
            out.writeInt(value.length);
            out.write(value);
            records++;
        }
    }

    KafkaSinkWriter(KafkaSink sink, SinkContext context) throws IOException {
        this.sink = sink;
        this.context = context;
        this.transactionalId = sink.transactionalIdPrefix + "-" + context.subtaskIndex();
        this.markerPartition = new TopicPartition(sink.topic, 0);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ProducerConfig.ACKS_CONFIG, "all");
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "sabot-sink-" + sink.topic + "-" + context.subtaskIndex());
        boolean exactlyOnce = sink.guarantee == DeliveryGuarantee.EXACTLY_ONCE;
        if (exactlyOnce) {
            defaults.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        Map<String, Object> config = sink.connection.clientConfig(defaults);
        try (Admin admin = sink.connection.admin()) {
            KafkaConnection.requireTopics(admin, List.of(sink.topic), sink.connection.bootstrapServers());
            if (exactlyOnce) {
                checkTransactionTimeout(admin, config);
            }
            this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                if (exactlyOnce) {
                    // fences an earlier run's producer; what it left open is aborted, what it was committing completes
                    producer.initTransactions();
                    if (context.isRestored() && context.restoredState() != null) {
                        restore(context.restoredState(), marker(admin)); // read after: a commit in flight is in it
                        commit(context.restoredCheckpointId());
                    }
                }
                if (sink.keyGroups > 0) {
                    partitions = producer.partitionsFor(sink.topic).size();
                }
            } catch (IOException | RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
        }
        // A run id of its own for this attempt: its checkpoint ids may repeat ones an earlier attempt
        // committed under the restored run's id (restored from an older savepoint), and a marker of
        // another run never covers a stage.
        runId = UUID.randomUUID().toString();
    }

    /**
     * Flink's classic pitfall: a producer whose {@code transaction.timeout.ms} is above the broker's
     * {@code transaction.max.timeout.ms} cannot start a transaction. Said at the start, with both values.
     */
    private void checkTransactionTimeout(Admin admin, Map<String, Object> config) throws IOException {
        Object configured = config.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        long timeout = configured == null ? DEFAULT_TRANSACTION_TIMEOUT_MS : Long.parseLong(configured.toString());
        String brokerId;
        try {
            brokerId = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot describe the Kafka cluster: " + KafkaConnection.message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while describing the Kafka cluster", e);
        }
        String maximum = KafkaConnection.brokerSetting(admin, brokerId, "transaction.max.timeout.ms");
        if (maximum != null && timeout > Long.parseLong(maximum)) {
            throw new IOException("the Kafka sink's transaction.timeout.ms (" + timeout + ") is above the broker's"
                    + " transaction.max.timeout.ms (" + maximum + "): lower it, or raise the broker's maximum");
        }
    }

    /** The marker the last committed transaction of this transactional id left, or null. */
    private OffsetAndMetadata marker(Admin admin) throws IOException {
        try {
            return admin.listConsumerGroupOffsets(transactionalId, new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).get(markerPartition);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read which checkpoints the Kafka sink " + transactionalId + " committed: "
                    + KafkaConnection.message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the Kafka sink's marker", e);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        ValueFormat.Encoder encoder = sink.format.encoder(batch.getFieldVectors());
        FieldVector key = sink.keyColumn == null ? null : batch.getVector(sink.keyColumn);
        int rows = batch.getRowCount();
        for (int row = 0; row < rows; row++) {
            String keyText = key == null || key.isNull(row) ? null : key.getObject(row).toString();
            byte[] keyBytes = keyText == null ? null : keyText.getBytes(StandardCharsets.UTF_8);
            int partition = sink.keyGroups > 0 && keyText != null
                    ? KeyGroupRangeAssignment.assignKeyToParallelOperator(keyText, sink.keyGroups, partitions) : -1;
            byte[] value = encoder.encode(row);
            if (sink.guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                current.add(partition, keyBytes, value);
            } else {
                send(partition, keyBytes, value);
            }
        }
        throwIfSendFailed();
    }

    private void send(int partition, byte[] keyBytes, byte[] value) {
        producer.send(new ProducerRecord<>(sink.topic, partition < 0 ? null : partition, keyBytes, value), (metadata, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
            }
        });
    }

    private void throwIfSendFailed() throws IOException {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new IOException("writing to Kafka topic '" + sink.topic + "' failed: " + KafkaConnection.message(failure),
                    failure);
        }
    }

    @Override
    public byte[] preCommit(long checkpointId) throws IOException {
        switch (sink.guarantee) {
            case EXACTLY_ONCE -> {
                if (current.records > 0) {
                    pending.put(checkpointId, current);
                    current = new Stage();
                }
                return state();
            }
            case AT_LEAST_ONCE -> {
                producer.flush();
                throwIfSendFailed();
                return null;
            }
            default -> {
                throwIfSendFailed();
                return null;
            }
        }
    }

    /** Exactly once: every stage up to {@code checkpointId} to Kafka, in one transaction with the marker. */
    @Override
    public void commit(long checkpointId) throws IOException {
        if (sink.guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            return;
        }
        Map<Long, Stage> due = pending.headMap(checkpointId, true);
        if (due.isEmpty()) {
            return;
        }
        long records = 0;
        try {
            producer.beginTransaction();
            for (Stage stage : due.values()) {
                records += stage.records;
                sendAll(stage);
            }
            producer.sendOffsetsToTransaction(Map.of(markerPartition, new OffsetAndMetadata(checkpointId, runId)),
                    new ConsumerGroupMetadata(transactionalId));
            producer.commitTransaction();
        } catch (KafkaException e) {
            throw new IOException("committing checkpoint " + checkpointId + " to Kafka topic '" + sink.topic
                    + "' failed (transactional id " + transactionalId + "): " + e, e);
        }
        throwIfSendFailed();
        LOG.debug("{}: committed {} records up to checkpoint {}", transactionalId, records, checkpointId);
        due.clear();
    }

    private void sendAll(Stage stage) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stage.bytes.toByteArray()))) {
            for (int i = 0; i < stage.records; i++) {
                int partition = in.readInt();
                int keyLength = in.readInt();
                byte[] keyBytes = keyLength < 0 ? null : in.readNBytes(keyLength);
                byte[] value = in.readNBytes(in.readInt());
                send(partition, keyBytes, value);
            }
        }
    }

    /** This run's id and every stage not in Kafka yet. */
    private byte[] state() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            out.writeUTF(runId);
            out.writeInt(pending.size());
            for (var stage : pending.entrySet()) {
                out.writeLong(stage.getKey());
                out.writeInt(stage.getValue().records);
                out.writeInt(stage.getValue().bytes.size());
                stage.getValue().bytes.writeTo(out);
            }
        }
        return bytes.toByteArray();
    }

    /** The restored run's stages, less those its marker says are in Kafka already. */
    private void restore(byte[] state, OffsetAndMetadata marker) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readInt();
            if (version != STATE_VERSION) {
                throw new IOException("the Kafka sink state in the checkpoint has version " + version + ", this Sabot reads "
                        + STATE_VERSION);
            }
            runId = in.readUTF();
            long committedUpTo = marker != null && runId.equals(marker.metadata()) ? marker.offset() : -1;
            for (int count = in.readInt(); count > 0; count--) {
                long checkpointId = in.readLong();
                Stage stage = new Stage();
                stage.records = in.readInt();
                stage.bytes.write(in.readNBytes(in.readInt()));
                if (checkpointId > committedUpTo) {
                    pending.put(checkpointId, stage);
                }
            }
            LOG.info("{}: restored from checkpoint {}; Kafka has its checkpoints up to {}; {} to commit again",
                    transactionalId, context.restoredCheckpointId(), committedUpTo, pending.keySet());
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            producer.flush();
            throwIfSendFailed();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }

    @Override
    public void abort() {
        try {
            producer.close(Duration.ZERO); // an open transaction is aborted by the next initTransactions (or times out)
        } catch (RuntimeException e) {
            LOG.warn("closing the Kafka producer {} failed", transactionalId, e);
        }
    }
}
