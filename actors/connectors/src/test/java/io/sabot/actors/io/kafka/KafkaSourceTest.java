package io.sabot.actors.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.io.BadInputException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The Kafka source's reader against a real broker: partitions, positions, bounded mode, discovery, bad records. */
class KafkaSourceTest extends KafkaBrokerTestBase {

    /** "S<p>,<i>,<i>.5" for i in [from, to) in partition p. */
    static List<String> rows(int partition, int from, int to) {
        List<String> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add("S" + partition + "," + i + "," + i + ".5");
        }
        return rows;
    }

    /** Reads every batch until the end (bounded) or until {@code max} rows (unbounded), as CSV-like lines. */
    static List<String> readAll(SourceReader reader, int max) throws IOException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lines.size() < max && System.nanoTime() < deadline) {
            try (VectorSchemaRoot batch = reader.next()) {
                if (batch == null) {
                    break;
                }
                Set<String> splits = new HashSet<>(); // the symbols S<partition> of the batch
                for (int row = 0; row < batch.getRowCount(); row++) {
                    lines.add(batch.getVector("symbol").getObject(row) + "," + batch.getVector("ts").getObject(row) + ","
                            + batch.getVector("price").getObject(row));
                    splits.add(String.valueOf(batch.getVector("symbol").getObject(row)));
                }
                if (splits.stream().allMatch(symbol -> symbol.matches("S\\d+"))) { // rows of a test that names partitions so
                    assertTrue(splits.size() <= 1, "a batch holds rows of one partition: " + splits);
                    if (!splits.isEmpty()) {
                        assertEquals("S" + reader.split().substring(reader.split().lastIndexOf('-') + 1), splits.iterator().next());
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void boundedReadersShareThePartitionsAndResumeFromTheirPositions() throws Exception {
        broker.createTopic("bounded", 3);
        List<String> expected = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            broker.produce("bounded", p, rows(p, 0, 1000));
            expected.addAll(rows(p, 0, 1000));
        }
        KafkaSource source = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "bounded").bounded().withBatchSize(100);
        List<String> read = new ArrayList<>();
        byte[][] positions = new byte[2][];
        long[] offsets = new long[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            try (SourceReader first = source.createReader(new SourceContext(subtask, 2, 0, allocator))) {
                read.addAll(readAll(first, 250));
                positions[subtask] = first.position();
                offsets[subtask] = first.offset();
            }
        }
        for (int p = 0; p < 3; p++) {
            broker.produce("bounded", p, rows(p, 5000, 5010)); // after the start: a bounded run never reads them
        }
        for (int subtask = 0; subtask < 2; subtask++) {
            try (SourceReader resumed = source.createReader(new SourceContext(subtask, 2, offsets[subtask], positions[subtask],
                    allocator))) {
                read.addAll(readAll(resumed, Integer.MAX_VALUE));
                assertNull(resumed.next(), "a bounded reader stays at its end");
            }
        }
        // the same positions restored without --bounded read on past the old end
        KafkaSource unbounded = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "bounded").withBatchSize(100);
        List<String> later = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (SourceReader resumed = unbounded.createReader(new SourceContext(subtask, 2, offsets[subtask], positions[subtask],
                    allocator))) {
                int owned = 0;
                for (int p = 0; p < 3; p++) {
                    owned += KafkaSourceReader.owner(new org.apache.kafka.common.TopicPartition("bounded", p), 2) == subtask ? 1 : 0;
                }
                later.addAll(readAll(resumed, owned * 1010 - (int) offsets[subtask])); // all it owns, less what the first run read
            }
        }
        for (int p = 0; p < 3; p++) {
            assertTrue(later.containsAll(rows(p, 5000, 5010)), "an unbounded restore of a bounded run reads on past its end");
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(read);
        List<String> extra = new ArrayList<>(read);
        extra.removeAll(expected);
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())), missing.size() + " rows missing");
        assertEquals(List.of(), extra.subList(0, Math.min(10, extra.size())), extra.size() + " rows extra");
        assertEquals(expected.size(), read.size(), "no row twice");
    }

    @Test
    void startingOffsetsLatestAndTimestamp() throws Exception {
        broker.createTopic("starts", 1);
        broker.produce("starts", 0, rows(0, 0, 10));
        KafkaSource source = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "starts").startingOffsets(StartingOffsets.LATEST);
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            broker.produce("starts", 0, rows(0, 10, 15));
            assertEquals(rows(0, 10, 15), readAll(reader, 5));
        }
        KafkaSource bounded = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "starts").bounded()
                .startingOffsets(StartingOffsets.timestamp(Long.MAX_VALUE / 2));
        try (SourceReader reader = bounded.createReader(new SourceContext(0, 1, 0, allocator))) {
            assertEquals(List.of(), readAll(reader, Integer.MAX_VALUE), "no record at or after that time");
        }
    }

    /**
     * A completed checkpoint's offsets are committed to the source's consumer group (for monitoring),
     * and a first start from the committed offsets continues there.
     */
    @Test
    void completedCheckpointsCommitTheirOffsetsToTheGroup() throws Exception {
        broker.createTopic("committed", 1);
        broker.produce("committed", 0, rows(0, 0, 100));
        KafkaSource source = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "committed").groupId("monitor").withBatchSize(40);
        var partition = new org.apache.kafka.common.TopicPartition("committed", 0);
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            assertEquals(40, readAll(reader, 40).size());
            reader.checkpointCompleted(1, reader.position());
            assertEquals(60, readAll(reader, 60).size());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && broker.admin().listConsumerGroupOffsets("monitor")
                    .partitionsToOffsetAndMetadata().get().get(partition) == null) {
                reader.next().close(); // nothing to read: the reader polls, which sends the asynchronous commit
            }
        }
        var offsets = broker.admin().listConsumerGroupOffsets("monitor").partitionsToOffsetAndMetadata().get();
        assertEquals(40, offsets.get(partition).offset(), "checkpoint 1's offset, not where the reader is now");
        KafkaSource fromCommitted = source.startingOffsets(StartingOffsets.committed()).bounded();
        try (SourceReader reader = fromCommitted.createReader(new SourceContext(0, 1, 0, allocator))) {
            assertEquals(rows(0, 40, 100), readAll(reader, Integer.MAX_VALUE));
        }
    }

    @Test
    void newPartitionsAreFoundWhileRunning() throws Exception {
        broker.createTopic("growing", 1);
        broker.produce("growing", 0, rows(0, 0, 5));
        KafkaSource source = KafkaSource.ofPattern(broker.bootstrapServers(), SCHEMA, Pattern.compile("grow.*"))
                .partitionDiscovery(Duration.ofMillis(200));
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            assertEquals(5, readAll(reader, 5).size());
            assertEquals(List.of("growing-0"), List.copyOf(reader.splits()));
            broker.addPartitions("growing", 3);
            broker.produce("growing", 2, rows(2, 0, 7));
            List<String> later = readAll(reader, 7);
            assertEquals(rows(2, 0, 7), later);
            assertEquals(Set.of("growing-0", "growing-1", "growing-2"), Set.copyOf(reader.splits()));
        }
    }

    @Test
    void aRecordThatCannotBeReadFailsSkipsOrBecomesARow() throws Exception {
        broker.createTopic("bad", 1);
        broker.produce("bad", 0, List.of("A,1,1.0", "B,2,abc", "C,3", "D,4,4.0"));
        KafkaSource source = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "bad").bounded();
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            BadInputException error = assertThrows(BadInputException.class, () -> readAll(reader, 10));
            assertEquals("topic 'bad' partition 0 offset 1: column 'price': 'abc' is not a number", error.getMessage());
        }
        try (SourceReader reader = source.skipUnreadableRecords().createReader(new SourceContext(0, 1, 0, allocator))) {
            assertEquals(List.of("A,1,1.0", "D,4,4.0"), readAll(reader, 10));
        }
        KafkaSource keeping = source.withRecordPositions("partition", "offset").withUnreadableRows("problem", "text");
        try (SourceReader reader = keeping.createReader(new SourceContext(0, 1, 0, allocator));
             VectorSchemaRoot batch = reader.next()) {
            assertEquals(4, batch.getRowCount());
            assertEquals("column 'price': 'abc' is not a number", batch.getVector("problem").getObject(1).toString());
            assertEquals("B,2,abc", batch.getVector("text").getObject(1).toString());
            assertEquals("has 2 fields, expected 3", batch.getVector("problem").getObject(2).toString());
            assertTrue(batch.getVector("symbol").isNull(1));
            assertEquals(2L, batch.getVector("offset").getObject(2));
            assertEquals(0, batch.getVector("partition").getObject(2));
            assertNull(batch.getVector("problem").getObject(3));
        }
    }

    @Test
    void jsonValues() throws Exception {
        broker.createTopic("json", 1);
        broker.produce("json", 0, List.of("{\"symbol\":\"A\",\"ts\":1,\"price\":1.5,\"extra\":[1,2]}", "{\"ts\":2}",
                "{\"symbol\":\"C\",\"ts\":\"x\"}"));
        KafkaSource source = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "json").format(ValueFormat.JSON).bounded()
                .skipUnreadableRecords();
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            assertEquals(List.of("A,1,1.5", "null,2,null"), readAll(reader, 10));
        }
    }

    @Test
    void clearErrorsForAMissingTopicAndAnUnreachableBroker() {
        KafkaSource missing = KafkaSource.of(broker.bootstrapServers(), SCHEMA, "no-such-topic");
        IOException error = assertThrows(IOException.class, () -> missing.createReader(new SourceContext(0, 1, 0, allocator)));
        assertTrue(error.getMessage().startsWith("Kafka topic 'no-such-topic' does not exist on " + broker.bootstrapServers()),
                error.getMessage());
        KafkaSource nowhere = KafkaSource.of("127.0.0.1:1", SCHEMA, "t").connectTimeout(Duration.ofSeconds(2));
        error = assertThrows(IOException.class, () -> nowhere.createReader(new SourceContext(0, 1, 0, allocator)));
        assertTrue(error.getMessage().startsWith("cannot reach the Kafka brokers at 127.0.0.1:1 (tried for 2.0 s)"),
                error.getMessage());
    }
}
