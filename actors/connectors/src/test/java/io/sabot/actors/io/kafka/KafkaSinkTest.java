package io.sabot.actors.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The Kafka sink's writer against a real broker: transactions per checkpoint, restores that neither lose nor repeat. */
class KafkaSinkTest extends KafkaBrokerTestBase {

    /** Rows i in [from, to): symbol "S<i mod 3>", ts i, price i / 4 (NaN for i = 13). */
    VectorSchemaRoot rows(int from, int to) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        for (int i = from; i < to; i++) {
            ((VarCharVector) root.getVector("symbol")).setSafe(i - from, ("S" + i % 3).getBytes());
            ((BigIntVector) root.getVector("ts")).setSafe(i - from, i);
            ((Float8Vector) root.getVector("price")).setSafe(i - from, i == 13 ? Double.NaN : i / 4.0);
        }
        root.setRowCount(to - from);
        return root;
    }

    static List<String> lines(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("S" + i % 3 + "," + i + "," + (i == 13 ? Double.NaN : i / 4.0));
        }
        return lines;
    }

    void write(SinkWriter writer, int from, int to) throws IOException {
        try (VectorSchemaRoot batch = rows(from, to)) {
            writer.write(batch);
        }
    }

    /**
     * Every record of {@code topic} a read_committed consumer sees (values; keys checked against the
     * symbol): read up to the end of the log, or until nothing more comes for 2 s (the commit markers
     * of a transaction reach the partitions shortly after the commit returns; an open one never ends).
     */
    static List<String> committed(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
             var uncommitted = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> end = uncommitted.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietSince = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                records.forEach(record -> {
                    assertEquals(record.value().substring(0, record.value().indexOf(',')), record.key());
                    values.add(record.value());
                });
            }
        }
        return values;
    }

    static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @Test
    void rowsBecomeVisibleWhenTheirCheckpointCompletes() throws Exception {
        broker.createTopic("visible", 2);
        KafkaSink sink = KafkaSink.to(broker.bootstrapServers(), "visible").keyColumn("symbol");
        SinkWriter writer = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator, -1, null, true));
        write(writer, 0, 10);
        writer.preCommit(1);
        write(writer, 10, 20);
        assertEquals(List.of(), committed("visible"), "nothing before checkpoint 1 completes");
        writer.commit(1);
        assertEquals(sorted(lines(0, 10)), sorted(committed("visible")));
        writer.preCommit(2);
        writer.commit(2);
        writer.finish();
        assertEquals(sorted(lines(0, 20)), sorted(committed("visible")));
    }

    /**
     * A crash between a checkpoint's completion and its commit: the restored writer commits it. A crash
     * after the commit: the restored writer does not commit it again. What came after the checkpoint is
     * never visible.
     */
    @Test
    void aRestoreCommitsWhatTheCheckpointHadAndNothingTwice() throws Exception {
        broker.createTopic("restored", 1);
        KafkaSink sink = KafkaSink.to(broker.bootstrapServers(), "restored").keyColumn("symbol");
        SinkWriter first = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator, -1, null, true));
        write(first, 0, 10);
        first.preCommit(1);
        write(first, 10, 20);
        byte[] state2 = first.preCommit(2);
        write(first, 20, 25); // after checkpoint 2: lost with the crash, replayed by the sources
        first.abort(); // checkpoint 2 completed, the crash came before commit(2)
        assertEquals(List.of(), committed("restored"));

        SinkWriter second = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator, 2, state2, true));
        assertEquals(sorted(lines(0, 20)), sorted(committed("restored")), "the restore committed checkpoints 1 and 2");
        write(second, 20, 30);
        byte[] state3 = second.preCommit(3);
        second.commit(3);
        second.abort(); // crashed after committing 3

        SinkWriter third = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator, 3, state3, true));
        write(third, 30, 32);
        third.preCommit(4);
        third.commit(4);
        third.finish();
        assertEquals(sorted(lines(0, 32)), sorted(committed("restored")), "every row once");
    }

    /**
     * Restored from an older checkpoint after the job had committed later ones, the sink commits
     * under a new run id: a crash before its next commit must not be taken for a commit the old run
     * had made (the marker of the old run is higher).
     */
    @Test
    void aRestoreFromAnOlderCheckpointStillCommitsWhatFollowsIt() throws Exception {
        broker.createTopic("older", 1);
        KafkaSink sink = KafkaSink.to(broker.bootstrapServers(), "older").keyColumn("symbol");
        SinkWriter first = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator, -1, null, true));
        write(first, 0, 5);
        byte[] state1 = first.preCommit(1);
        first.commit(1);
        write(first, 5, 10);
        first.preCommit(20);
        first.commit(20); // the marker says 20
        first.abort();

        SinkWriter second = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator, 1, state1, true)); // a savepoint at 1
        write(second, 100, 105);
        byte[] state6 = second.preCommit(6);
        second.abort(); // checkpoint 6 completed, the crash came before its commit

        SinkWriter third = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator, 6, state6, true));
        third.finish();
        List<String> expected = new ArrayList<>(lines(0, 10));
        expected.addAll(lines(100, 105));
        assertEquals(sorted(expected), sorted(committed("older")), "checkpoint 1's rows once, and checkpoint 6's");
    }

    @Test
    void jsonValuesAndAtLeastOnce() throws Exception {
        broker.createTopic("json-out", 1);
        KafkaSink sink = KafkaSink.to(broker.bootstrapServers(), "json-out").keyColumn("symbol").format(ValueFormat.JSON)
                .deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        SinkWriter writer = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator));
        write(writer, 12, 14);
        writer.preCommit(1); // flushed: visible without a commit
        assertEquals(List.of("{\"symbol\":\"S0\",\"ts\":12,\"price\":3.0}", "{\"symbol\":\"S1\",\"ts\":13,\"price\":null}"),
                committedJsonWithKeys("json-out"));
        writer.finish();
    }

    private static List<String> committedJsonWithKeys(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }

    /**
     * Partitioned by key group, each key lands in the partition Flink's assignment gives it for as
     * many subtasks as partitions; a source keyed by partition then reads, in subtask i, exactly the
     * keys subtask i of a keyed agent owns, and refuses a parallelism other than the partition count.
     */
    @Test
    void keyGroupPartitionsAreReadBackKeyedByPartition() throws Exception {
        broker.createTopic("by-key-group", 3);
        KafkaSink sink = KafkaSink.to(broker.bootstrapServers(), "by-key-group").keyColumn("symbol").partitionByKeyGroups(128)
                .deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        SinkWriter writer = sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator));
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator)) {
            batch.allocateNew();
            for (int i = 0; i < 300; i++) {
                ((VarCharVector) batch.getVector("symbol")).setSafe(i, ("K" + i % 50).getBytes());
                ((BigIntVector) batch.getVector("ts")).setSafe(i, i);
                ((Float8Vector) batch.getVector("price")).setSafe(i, 1.0);
            }
            batch.setRowCount(300);
            writer.write(batch);
        }
        writer.preCommit(1);
        writer.finish();
        KafkaSource source = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "by-key-group").bounded().keyedByPartition();
        int rows = 0;
        for (int subtask = 0; subtask < 3; subtask++) {
            try (SourceReader reader = source.createReader(new SourceContext(subtask, 3, 0, allocator))) {
                while (true) {
                    try (VectorSchemaRoot batch = reader.next()) {
                        if (batch == null) {
                            break;
                        }
                        for (int row = 0; row < batch.getRowCount(); row++) {
                            String key = batch.getVector("symbol").getObject(row).toString();
                            assertEquals(subtask, KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, 3), key);
                            rows++;
                        }
                    }
                }
            }
        }
        assertEquals(300, rows);
        IOException wrong = assertThrows(IOException.class, () -> source.createReader(new SourceContext(0, 2, 0, allocator)));
        assertEquals("topic 'by-key-group' has 3 partitions; read keyed by partition, its source needs as many subtasks, not 2",
                wrong.getMessage());
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedAtTheStart() throws Exception {
        broker.createTopic("timeouts", 1);
        KafkaSink sink = KafkaSink.to(broker.bootstrapServers(), "timeouts").property("transaction.timeout.ms", "3600000");
        IOException error = assertThrows(IOException.class,
                () -> sink.createWriter(new SinkContext(0, 1, SCHEMA, allocator)));
        assertEquals("the Kafka sink's transaction.timeout.ms (3600000) is above the broker's transaction.max.timeout.ms"
                + " (900000): lower it, or raise the broker's maximum", error.getMessage());
        IOException missing = assertThrows(IOException.class, () -> KafkaSink.to(broker.bootstrapServers(), "nope")
                .createWriter(new SinkContext(0, 1, SCHEMA, allocator)));
        assertTrue(missing.getMessage().startsWith("Kafka topic 'nope' does not exist"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KafkaSink.to(broker.bootstrapServers(), "timeouts")
                .keyColumn("sym").validate(SCHEMA));
    }
}
