package io.sabot.samples.cli;

import io.sabot.actors.kafka.broker.EmbeddedKafkaBroker;
import io.sabot.state.files.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sabot kafka-broker}: a real single-node Kafka broker (KRaft) in this process, to try Kafka jobs on a laptop. */
@Command(name = "kafka-broker", mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka broker (KRaft, Kafka's own test kit) until stopped (Ctrl-C), to try the"
                + " Kafka options of the jobs on one machine. Not for production: one node, no replication.")
final class KafkaBrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Keep the broker's logs here, so topics survive a restart (default: a temporary directory, deleted on exit).")
    Path dir;

    @Option(names = "--address-file", paramLabel = "FILE",
            description = "Write the broker's address (host:port, a free port) to this file, for scripts: --kafka-bootstrap $(cat FILE).")
    Path addressFile;

    @Option(names = "--topic", paramLabel = "NAME:PARTITIONS", split = ",",
            description = "Topics to create at the start, e.g. quotes:4,features:4 (existing ones are kept).")
    List<String> topics;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("error: stopping the broker: " + e);
            }
            stopped.countDown();
        }, "kafka-broker-stop"));
        var out = spec.commandLine().getOut();
        if (topics != null) {
            var existing = broker.admin().listTopics().names().get();
            for (String topic : topics) {
                String[] parts = topic.split(":");
                Arguments.require(spec, parts.length == 2 && parts[1].matches("\\d+") && Integer.parseInt(parts[1]) > 0,
                        "--topic must be NAME:PARTITIONS, was '" + topic + "'");
                if (!existing.contains(parts[0])) {
                    broker.createTopic(parts[0], Integer.parseInt(parts[1]));
                    out.println("created topic " + parts[0] + " with " + parts[1] + " partition(s)");
                }
            }
        }
        if (addressFile != null) {
            AtomicFile.write(addressFile, broker.bootstrapServers().getBytes(StandardCharsets.US_ASCII));
        }
        out.println("Kafka broker on " + broker.bootstrapServers() + (dir == null ? " (logs in a temporary directory)"
                : " (logs in " + dir.toAbsolutePath() + ")") + "; Ctrl-C stops it");
        out.flush();
        stopped.await();
        return 0;
    }
}
