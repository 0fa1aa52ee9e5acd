package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.DiscardSink;
import io.sabot.actors.io.kafka.KafkaSource;
import io.sabot.actors.kafka.broker.EmbeddedKafkaBroker;
import io.sabot.fintech.bars.BarsJob;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.schema.MarketData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on Kafka topics, against a broker in this JVM: the kernels command from a topic to a topic
 * (CSV and JSON) equals its file-based run; records it cannot read follow each bad-row policy, named
 * by topic, partition and offset; a partition without records does not hold back the bars' windows
 * when it is idle.
 */
class KafkaJobsTest {

    static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    /** Sends {@code values} to {@code topic}, keyed by their first field (so each symbol stays in one partition). */
    static void produce(String topic, List<String> values) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value.substring(0, Math.max(0, value.indexOf(','))), value));
            }
        }
    }

    /** Quotes of 20 symbols, 3,000 rows: symbol,ts,bid,ask,bid_size,ask_size. */
    static List<String> quotes() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double bid = 100 + (i * 7 % 13) / 10.0;
            rows.add("S" + i % 20 + "," + (1_700_000_000_000L + i) + "," + bid + "," + (bid + 0.05) + "," + (100 + i % 7 * 10)
                    + ".0," + (200 - i % 5 * 10) + ".0");
        }
        return rows;
    }

    /** quotes.csv with {@link #quotes()}, and file.csv: the kernels command's features of it (the reference). */
    private Path quotesFileAndItsFeatures() throws Exception {
        Path file = dir.resolve("quotes.csv");
        List<String> withHeader = new ArrayList<>(List.of("symbol,ts,bid,ask,bid_size,ask_size"));
        withHeader.addAll(quotes());
        Files.write(file, withHeader);
        CliRun fromFile = CliRun.of("kernels", "--input", file.toString(), "--output", dir.resolve("file.csv").toString());
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        return file;
    }

    private List<String> consume(String topic) {
        CliRun consumed = CliRun.of("consume", "--topic", topic, "--bootstrap", broker.bootstrapServers());
        assertEquals(0, consumed.exitCode(), consumed.err());
        return consumed.out().lines().toList();
    }

    private static List<String> sortedWithoutHeader(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream().sorted().toList();
    }

    @Test
    void kernelsFromATopicToATopicEqualTheFileRunInCsvAndJson() throws Exception {
        broker.createTopic("k-quotes", 3);
        broker.createTopic("k-features", 3);
        broker.createTopic("k-quotes-json", 2);
        broker.createTopic("k-features-json", 2);
        List<String> quotes = quotes();
        produce("k-quotes", quotes);
        Path file = quotesFileAndItsFeatures();

        CliRun fromTopic = CliRun.of("kernels", "--kafka-bootstrap", broker.bootstrapServers(), "--input-topic", "k-quotes",
                "--bounded", "--output-topic", "k-features", "--output", dir.resolve("topic.csv").toString());
        assertEquals(0, fromTopic.exitCode(), fromTopic.err());
        assertTrue(fromTopic.out().contains("rows: 3,000 in, 3,000 out, 0 rejected"), fromTopic.out());
        List<String> expected = sortedWithoutHeader(dir.resolve("file.csv"));
        assertEquals(expected, consume("k-features").stream().sorted().toList(), "the topic's features: the file run's");
        assertEquals(expected, sortedWithoutHeader(dir.resolve("topic.csv")), "the file written beside the topic");

        CliRun toJson = CliRun.of("produce", "--input", file.toString(), "--topic", "k-quotes-json", "--bootstrap",
                broker.bootstrapServers(), "--format", "json");
        assertEquals(0, toJson.exitCode(), toJson.err());
        CliRun json = CliRun.of("kernels", "--kafka-bootstrap", broker.bootstrapServers(), "--input-topic", "k-quotes-json",
                "--bounded", "--output-topic", "k-features-json", "--kafka-format", "json", "--output",
                dir.resolve("json.csv").toString());
        assertEquals(0, json.exitCode(), json.err());
        assertEquals(expected, sortedWithoutHeader(dir.resolve("json.csv")), "JSON quotes in, features out as JSON and as CSV");
        List<String> objects = consume("k-features-json");
        assertEquals(3000, objects.size());
        assertTrue(objects.get(0).startsWith("{\"symbol\":\"S"), objects.get(0));
    }

    /**
     * The broker goes away for a few seconds while the kernels job runs from topic to topic with
     * checkpoints and a restart strategy: the job waits or fails over and resumes from its last
     * checkpoint when the broker is back, and the topic holds every feature row exactly once.
     */
    @Test
    void aBrokerThatGoesAwayMidRunLosesAndRepeatsNothing() throws Exception {
        broker.createTopic("away-quotes", 2);
        broker.createTopic("away-features", 2);
        List<String> quotes = quotes();
        produce("away-quotes", quotes);
        Path file = quotesFileAndItsFeatures();

        CliRun[] run = new CliRun[1];
        Thread job = new Thread(() -> run[0] = CliRun.of("kernels", "--kafka-bootstrap", broker.bootstrapServers(),
                "--input-topic", "away-quotes", "--output-topic", "away-features", "--bounded", "--checkpoint-dir",
                dir.resolve("checkpoints").toString(), "--checkpoint-interval", "200ms", "--max-rows-per-second", "500",
                "--restart-strategy", "fixed-delay", "--restart-attempts", "30", "--restart-delay", "1s"));
        job.start();
        Thread.sleep(2000); // the job runs for about six seconds
        broker.stopBroker();
        Thread.sleep(4000);
        broker.restartBroker();
        job.join(Duration.ofMinutes(3).toMillis());
        assertEquals(0, run[0].exitCode(), run[0].err());
        assertEquals(sortedWithoutHeader(dir.resolve("file.csv")), consume("away-features").stream().sorted().toList(),
                "every feature row once");
    }

    /**
     * Quotes produced by key group into three partitions, read by three source subtasks keyed by
     * partition and declared keyed ({@code reinterpretAsKeyedStream}): the features, without a
     * reshuffle, equal the file run's (a row in the wrong partition would fail the job).
     */
    @Test
    void aTopicWrittenByKeyGroupIsReadAsKeyedWithoutAReshuffle() throws Exception {
        broker.createTopic("keyed-quotes", 3);
        Path file = quotesFileAndItsFeatures();
        CliRun produced = CliRun.of("produce", "--input", file.toString(), "--topic", "keyed-quotes", "--bootstrap",
                broker.bootstrapServers(), "--key-groups", "128");
        assertEquals(0, produced.exitCode(), produced.err());

        CollectSink<FeatureRow> features = CollectSink.of(FeatureRow.class);
        JobBuilder job = JobBuilder.named("keyed-by-partition");
        KafkaSource topic = KafkaSource.of(broker.bootstrapServers(), MarketData.QUOTES, "keyed-quotes").bounded()
                .keyedByPartition();
        job.source("quotes", topic, 3).reinterpretAsKeyedStream("symbol")
                .process("features", Features.named(List.of("mid", "spread"), 0.06, 20), 3)
                .sinkTo("out", features);
        try (SabotNode node = SabotNode.start()) {
            node.execute(job.build());
        }
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("file.csv")).subList(1, 3001)) {
            String[] f = line.split(",");
            expected.add(f[0] + "," + f[1] + "," + f[6] + "," + f[8]); // symbol, ts, mid, spread
        }
        assertEquals(expected.stream().sorted().toList(), features.records().stream()
                .map(r -> r.symbol() + "," + r.ts() + "," + r.mid() + "," + r.spread()).sorted().toList());
    }

    /** The columns of the keyed test's output that it compares. */
    public record FeatureRow(String symbol, long ts, double bid, double ask, double bid_size, double ask_size, double mid,
                             double spread) {}

    @Test
    void recordsThatCannotBeReadFollowTheBadRowPolicyNamedByPartitionAndOffset() throws Exception {
        broker.createTopic("bad-quotes", 1);
        List<String> records = new ArrayList<>(quotes().subList(0, 10));
        records.add(3, "S3,1700000000003,abc,100.05,100.0,200.0");  // not a number: offset 3
        records.add(6, "S6,1700000000006,100.0,100.05,-5.0,200.0"); // a negative size: offset 6 (after the one above)
        broker.produce("bad-quotes", 0, records);
        String[] job = {"kernels", "--kafka-bootstrap", broker.bootstrapServers(), "--input-topic", "bad-quotes", "--bounded",
                "--output", dir.resolve("out.csv").toString()};

        CliRun fail = CliRun.of(job);
        assertEquals(1, fail.exitCode());
        assertTrue(fail.err().contains("topic 'bad-quotes' partition 0 offset 3: column 'bid': 'abc' is not a number"),
                fail.err());

        CliRun skip = CliRun.of(with(job, "--bad-rows", "skip"));
        assertEquals(0, skip.exitCode(), skip.err());
        assertEquals(11, Files.readAllLines(dir.resolve("out.csv")).size(), "the header and the 10 good quotes");

        Path dead = dir.resolve("dead.csv");
        CliRun deadLetter = CliRun.of(with(job, "--bad-rows", "dead-letter", dead.toString()));
        assertEquals(0, deadLetter.exitCode(), deadLetter.err());
        List<String> letters = Files.readAllLines(dead);
        assertEquals("partition,offset,reason,symbol,ts,bid,ask,bid_size,ask_size,raw", letters.get(0));
        assertEquals("0,3,column 'bid': 'abc' is not a number,,,,,,,\"S3,1700000000003,abc,100.05,100.0,200.0\"", letters.get(1));
        assertEquals("0,6,column 'bid_size': value -5.0 is not a finite size >= 0,S6,1700000000006,100.0,100.05,-5.0,200.0,",
                letters.get(2));
    }

    private static String[] with(String[] job, String... more) {
        List<String> args = new ArrayList<>(List.of(job));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * A live feed of one symbol into partition 0 of a two-partition topic (a trade every 5 ms, a
     * second apart in event time), none into partition 1, read unbounded: with idleness, partition 1
     * stops holding the watermark back and the bars fire while the job runs; without, none fires
     * (as in Flink without {@code withIdleness}).
     */
    @Test
    void anIdlePartitionDoesNotHoldBackTheWindows() throws Exception {
        broker.createTopic("idle-trades", 2);
        broker.createTopic("held-trades", 2);
        assertEquals(9, barsWhileFed("idle-trades", Duration.ofMillis(300)),
                "minutes 1-9 fire; minute 10 waits for a later trade");
        assertEquals(0, barsWhileFed("held-trades", null), "the empty partition holds every window back");
    }

    /** The bars fired while the job ran. */
    private long barsWhileFed(String topicName, Duration idleness) throws Exception {
        KafkaSource topic = KafkaSource.of(broker.bootstrapServers(), MarketData.TRADES, topicName);
        var graph = BarsJob.build(BarsJob.tradesTopic(topic), new BarsJob.Settings(Duration.ofMinutes(1), Duration.ZERO,
                Duration.ZERO, 1, idleness), new DiscardSink(), null);
        try (SabotNode node = SabotNode.start();
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer())) {
            JobHandle handle = node.submit(graph);
            long minute = 1_700_000_040_000L; // a minute's start
            for (int i = 0; i < 600; i++) { // 10 minutes of event time
                producer.send(new ProducerRecord<>(topicName, 0, null, "AAA," + (minute + i * 1000L) + "," + (10 + i % 5) + ".0,1.0"));
                Thread.sleep(5);
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(idleness == null ? 5 : 30).toNanos();
            while (System.nanoTime() < deadline && (handle.metrics().rowsIn(BarsJob.SOURCE) < 600
                    || handle.metrics().rowsIn(BarsJob.BARS_OUT) < 9)) {
                Thread.sleep(50);
            }
            Thread.sleep(500); // a bar too many would show now
            long fired = handle.metrics().rowsIn(BarsJob.BARS_OUT); // the sink commits only at checkpoints: count what reached it
            node.cancel(handle, "test over");
            handle.result().toCompletableFuture().get();
            return fired;
        }
    }
}
