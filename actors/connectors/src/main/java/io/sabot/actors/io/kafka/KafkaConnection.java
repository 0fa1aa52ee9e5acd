package io.sabot.actors.io.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The client settings of a Kafka source or sink and the checks made before they read or write: the
 * brokers are reachable (a bounded retry, then an error naming the servers), the topics exist.
 *
 * @param bootstrapServers {@code host:port,...}
 * @param properties       further client settings, passed to every client as they are
 * @param connectTimeout   how long a start waits for the brokers before it fails
 */
record KafkaConnection(String bootstrapServers, Map<String, String> properties, Duration connectTimeout) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka bootstrap servers are missing (host:port,...)");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive, was " + connectTimeout);
        }
        properties = Map.copyOf(properties);
    }

    KafkaConnection(String bootstrapServers) {
        this(bootstrapServers, Map.of(), DEFAULT_CONNECT_TIMEOUT);
    }

    KafkaConnection withProperty(String key, String value) {
        Map<String, String> more = new HashMap<>(properties);
        more.put(key, value);
        return new KafkaConnection(bootstrapServers, more, connectTimeout);
    }

    KafkaConnection withConnectTimeout(Duration timeout) {
        return new KafkaConnection(bootstrapServers, properties, timeout);
    }

    /** Settings for a client: the bootstrap servers, {@code defaults}, then the user's properties over them. */
    Map<String, Object> clientConfig(Map<String, Object> defaults) {
        Map<String, Object> config = new HashMap<>(defaults);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(properties);
        return config;
    }

    /** An admin client, once the brokers answer (tried for {@link #connectTimeout}); else an error naming them. */
    Admin admin() throws IOException {
        Admin admin = Admin.create(clientConfig(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)));
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        Exception last = null;
        try {
            while (System.nanoTime() < deadline) {
                try {
                    int wait = (int) Math.min(5_000, Math.max(100, (deadline - System.nanoTime()) / 1_000_000));
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(wait)).nodes().get(wait + 1000L, TimeUnit.MILLISECONDS);
                    return admin;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                    Thread.sleep(Math.min(500, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = e;
        }
        admin.close(Duration.ZERO);
        throw new IOException("cannot reach the Kafka brokers at " + bootstrapServers + " (tried for "
                + connectTimeout.toMillis() / 1000.0 + " s): " + message(last), last);
    }

    /** Fails naming the missing ones unless every topic of {@code topics} exists. */
    static void requireTopics(Admin admin, Collection<String> topics, String bootstrapServers) throws IOException {
        Set<String> existing = listTopics(admin);
        List<String> missing = topics.stream().filter(topic -> !existing.contains(topic)).toList();
        if (!missing.isEmpty()) {
            throw new IOException("Kafka topic" + (missing.size() == 1 ? " '" + missing.get(0) + "' does" : "s " + missing + " do")
                    + " not exist on " + bootstrapServers + " (topics there: " + (existing.isEmpty() ? "none" : String.join(", ", existing))
                    + ")");
        }
    }

    static Set<String> listTopics(Admin admin) throws IOException {
        try {
            return new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot list the Kafka topics: " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing the Kafka topics", e);
        }
    }

    /** A setting of the broker {@code brokerId} (as the broker reports it), or null. */
    static String brokerSetting(Admin admin, String brokerId, String name) throws IOException {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokerId);
        try {
            var config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            var entry = config == null ? null : config.get(name);
            return entry == null ? null : entry.value();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the Kafka broker setting " + name + ": " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the broker setting " + name, e);
        }
    }

    static String message(Throwable error) {
        Throwable cause = error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
        return cause == null ? "no answer" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
