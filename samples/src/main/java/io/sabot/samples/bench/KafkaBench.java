package io.sabot.samples.bench;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.kafka.DeliveryGuarantee;
import io.sabot.actors.io.kafka.KafkaSink;
import io.sabot.actors.io.kafka.KafkaSource;
import io.sabot.actors.kafka.broker.EmbeddedKafkaBroker;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.agents.BadRows;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.schema.MarketData;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.samples.demo.DemoJob;
import io.sabot.samples.kernels.KernelsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Kafka benchmark (docs/benchmarks.md, "Kafka"): quotes topic → the kernels job's checks and
 * features → features topic, on a broker in this JVM (or {@code --bootstrap}).
 *
 * <ul>
 *   <li>{@code --mode throughput}: {@code --rows} synthetic quotes of {@code --symbols} symbols are
 *   produced first (a Sabot job, at least once), then the feature job reads them bounded and writes
 *   the features with {@code --delivery}; reports the job's rows/s end to end (checkpoints every
 *   {@code --checkpoint-interval}).</li>
 *   <li>{@code --mode latency}: a producer sends quotes at {@code --rate} per second with the wall
 *   clock as their timestamp while the job runs unbounded; a read_committed consumer of the features
 *   measures, per row, the time from its quote's timestamp to the moment it can read it; reports the
 *   percentiles over {@code --seconds} (after a warm-up of 3 s).</li>
 * </ul>
 *
 * <pre>
 * java -cp samples/target/sabot.jar io.sabot.samples.bench.KafkaBench --mode throughput --rows 2000000 --delivery exactly-once
 * java -cp samples/target/sabot.jar io.sabot.samples.bench.KafkaBench --mode latency --rate 20000 --checkpoint-interval 100ms
 * </pre>
 */
@Command(name = "kafka-bench", mixinStandardHelpOptions = true,
        description = "Quotes topic -> features -> features topic: rows/s end to end, or produce-to-committed latency.")
public final class KafkaBench implements Callable<Integer> {

    @Option(names = "--mode", defaultValue = "throughput", description = "throughput or latency (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--rows", defaultValue = "2000000", description = "throughput: quotes (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--symbols", defaultValue = "10000", description = "Symbols (default: ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of both topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--delivery", defaultValue = "exactly-once", description = "exactly-once, at-least-once or none (default: ${DEFAULT-VALUE}).")
    String delivery;

    @Option(names = "--checkpoint-interval", defaultValue = "1s", description = "Checkpoint interval (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--rate", defaultValue = "20000", description = "latency: quotes per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "latency: seconds measured (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--bootstrap", description = "An existing broker (default: one in this JVM).")
    String bootstrap;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KafkaBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = bootstrap == null ? EmbeddedKafkaBroker.start() : null;
        String servers = broker != null ? broker.bootstrapServers() : bootstrap;
        String run = Long.toString(System.nanoTime(), 36);
        String quotes = "bench-quotes-" + run;
        String features = "bench-features-" + run;
        Path checkpoints = Files.createTempDirectory("kafka-bench-checkpoints");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(quotes, partitions, (short) 1),
                    new org.apache.kafka.clients.admin.NewTopic(features, partitions, (short) 1))).all().get();
        }
        try (SabotNode node = SabotNode.start(ConfigFactory.parseMap(Map.of("sabot.checkpoint.interval", checkpointInterval,
                "sabot.checkpoint.dir", checkpoints.toString())))) {
            if (mode.equals("throughput")) {
                throughput(node, servers, quotes, features);
            } else {
                latency(node, servers, quotes, features);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        return 0;
    }

    private DeliveryGuarantee guarantee() {
        return DeliveryGuarantee.parse(delivery);
    }

    /** The kernels job from {@code quotes} to {@code features}. */
    private io.sabot.actors.graph.JobGraph featureJob(String servers, String quotes, String features, boolean bounded) {
        KafkaSource source = KafkaSource.of(servers, MarketData.QUOTES, quotes);
        KernelsJob.Input input = KernelsJob.Input.topic(bounded ? source.bounded() : source, quotes, 0);
        KafkaSink sink = KafkaSink.to(servers, features).keyColumn("symbol").deliveryGuarantee(guarantee())
                .transactionalIdPrefix("bench-" + features);
        Features kernels = DemoJob.features(0.06);
        return KernelsJob.build(input, List.of(sink), kernels, BadRows.FAIL, null);
    }

    private void throughput(SabotNode node, String servers, String quotes, String features) throws Exception {
        JobBuilder produce = JobBuilder.named("bench-produce");
        produce.source("synthetic", SyntheticQuotes.of(symbols, rows))
                .sinkTo("topic", KafkaSink.to(servers, quotes).keyColumn("symbol").deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE));
        JobResult produced = node.run(produce.build());
        double produceSeconds = produced.duration().toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "produced %,d quotes (%,d symbols, %d partitions) in %.2f s: %,.0f rows/s%n", rows,
                symbols, partitions, produceSeconds, rows / produceSeconds);
        JobResult result = node.run(featureJob(servers, quotes, features, true));
        if (!result.succeeded()) {
            throw new IllegalStateException("the feature job failed: " + result.error());
        }
        double jobSeconds = result.duration().toNanos() / 1e9;
        long read = result.stats(KernelsJob.SOURCE).rowsOut();
        System.out.printf(Locale.ROOT, "features %s, checkpoints every %s: %,d rows in %.2f s: %,.0f rows/s end to end%n",
                delivery, checkpointInterval, read, jobSeconds, read / jobSeconds);
        for (String stage : List.of(KernelsJob.SOURCE, "check", KernelsJob.FEATURES, "out")) { // what each could sustain alone
            System.out.printf(Locale.ROOT, "  %-9s %,12.0f rows/s while busy%n", stage, result.stats(stage).busyRate(read, 1));
        }
    }

    private void latency(SabotNode node, String servers, String quotes, String features) throws Exception {
        JobHandle job = node.submit(featureJob(servers, quotes, features, false));
        AtomicBoolean stop = new AtomicBoolean();
        Thread producer = new Thread(() -> feed(servers, quotes, stop), "bench-feed");
        producer.start();
        List<Long> latencies = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(features, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long warmEnd = System.currentTimeMillis() + 3_000;
            long end = warmEnd + seconds * 1000L;
            while (System.currentTimeMillis() < end) {
                for (var record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    String value = record.value();
                    int comma = value.indexOf(',');
                    long ts = Long.parseLong(value.substring(comma + 1, value.indexOf(',', comma + 1)));
                    if (ts >= warmEnd) {
                        latencies.add(now - ts);
                    }
                }
            }
        } finally {
            stop.set(true);
            producer.join();
            node.cancel(job, "benchmark over");
            job.result().toCompletableFuture().get();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.println("no features were committed while measuring");
            return;
        }
        System.out.printf(Locale.ROOT, "latency produce -> committed feature, %s, checkpoints every %s, %,d quotes/s:"
                        + " p50 %d ms, p90 %d ms, p99 %d ms, max %d ms over %,d rows%n", delivery, checkpointInterval, rate,
                percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99), sorted[sorted.length - 1], sorted.length);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** Quotes at {@link #rate} per second, the wall clock as their timestamp, until {@code stop}. */
    private void feed(String servers, String topic, AtomicBoolean stop) {
        SplittableRandom random = new SplittableRandom(7);
        double[] mids = new double[symbols];
        Arrays.fill(mids, 100.0);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.LINGER_MS_CONFIG, 1);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            long sent = 0;
            while (!stop.get()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    int s = random.nextInt(symbols);
                    mids[s] = Math.max(1, mids[s] + (random.nextDouble() - 0.5) * 0.02);
                    double bid = Math.round(mids[s] * 100 - 1) / 100.0;
                    String symbol = "S" + s;
                    producer.send(new ProducerRecord<>(topic, symbol, symbol + "," + System.currentTimeMillis() + "," + bid + ","
                            + (bid + 0.01) + "," + (100 + random.nextInt(900)) + ".0," + (100 + random.nextInt(900)) + ".0"));
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
