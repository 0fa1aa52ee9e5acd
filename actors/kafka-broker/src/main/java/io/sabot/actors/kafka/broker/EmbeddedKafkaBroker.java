package io.sabot.actors.kafka.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in this JVM: one KRaft node that is broker and controller at once (Kafka's
 * own {@code KafkaClusterTestKit}), settings for a single node (internal topics with one replica,
 * no rebalance delay). Tests start one per class; {@code sabot kafka-broker} starts one to try Kafka
 * jobs on a laptop. Not for production: one node, no replication.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    /** A broker on a free port with its logs in a temporary directory, deleted on {@link #close}. */
    public static EmbeddedKafkaBroker start() throws Exception {
        return start(null);
    }

    /**
     * A broker with its logs under {@code directory} (null: a temporary one, deleted on close; else
     * kept, so topics survive a restart of the broker), on a free port (the test kit binds its own
     * sockets: a port cannot be chosen).
     */
    public static EmbeddedKafkaBroker start(Path directory) throws Exception {
        TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1);
        if (directory != null) {
            nodes.setBaseDirectory(directory.toAbsolutePath());
        }
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
                .setDeleteOnClose(directory == null)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false");
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafkaBroker(cluster);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** An admin client of this broker (owned by the broker: do not close it). */
    public Admin admin() {
        return admin;
    }

    /** Creates topic {@code name} with {@code partitions} partitions (one replica) and waits until it exists. */
    public void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    /** Grows topic {@code name} to {@code partitions} partitions. */
    public void addPartitions(String name, int partitions) throws ExecutionException, InterruptedException {
        admin.createPartitions(Map.of(name, NewPartitions.increaseTo(partitions))).all().get();
    }

    /**
     * Stops the broker's data path (its controller keeps running): clients see the broker gone, as
     * when a broker process dies. {@link #restartBroker} brings it back on the same port.
     */
    public void stopBroker() {
        var server = cluster.brokers().values().iterator().next();
        server.shutdown();
        server.awaitShutdown();
    }

    /** Starts the broker stopped by {@link #stopBroker} again, on the same port, and waits until it serves. */
    public void restartBroker() throws ExecutionException, InterruptedException {
        cluster.brokers().values().iterator().next().startup();
        cluster.waitForReadyBrokers();
    }

    /** Sends {@code values} (no keys) to partition {@code partition} of {@code topic} and waits until they are written. */
    public void produce(String topic, int partition, List<String> values) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value));
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            admin.close();
        } finally {
            cluster.close();
        }
    }
}
