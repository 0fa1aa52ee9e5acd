package io.sabot.samples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sabot consume}: prints the committed records of a topic (read_committed), from the beginning. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Prints the values of a Kafka topic's committed records (read_committed: rows of exactly-once jobs"
                + " once their checkpoint completed), from the beginning, partition by partition in arrival order.")
final class ConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", required = true, description = "The topic to read.")
    String topic;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers (host:port,...).")
    String bootstrap;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records (default: all).")
    Long max;

    @Option(names = "--follow", description = "Keep printing new records until stopped (default: stop at the end).")
    boolean follow;

    @Option(names = "--keys", description = "Print each record as key<TAB>value.")
    boolean keys;

    @Override
    public Integer call() {
        Arguments.require(spec, max == null || max >= 0, "--max must not be negative");
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                spec.commandLine().getErr().println("error: Kafka topic '" + topic + "' does not exist on " + bootstrap);
                return 1;
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the last stable offsets
            while (max == null || printed < max) {
                if (!follow && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    break;
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (max != null && printed >= max) {
                        break;
                    }
                    if (!follow && record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // written after the start: not asked for
                    }
                    out.println(keys ? record.key() + "\t" + record.value() : record.value());
                    printed++;
                }
                out.flush();
            }
        }
        out.flush();
        return 0;
    }
}
