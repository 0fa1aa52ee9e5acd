package io.sabot.samples.cli;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.cluster.status.NodeStatus;
import io.sabot.actors.cluster.status.StatusService;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sabot status --node host:port}: asks a running cluster node (from outside the cluster, over
 * Artery) for the members, where each task runs, the last completed checkpoint, the watermarks and the
 * rows/s per vertex (two reports {@code --interval} apart).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a running cluster: members, where each task runs, the last checkpoint, watermarks and"
                + " rows/s per vertex.")
final class StatusCommand implements Callable<Integer> {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "HOST:PORT", description = "Any node of the cluster.")
    String node;

    @Option(names = "--interval", defaultValue = "1s", converter = Durations.class, paramLabel = "DURATION",
            description = "Time between the two reports rows/s are measured over (default: 1s).")
    Duration interval;

    @Override
    public Integer call() throws Exception {
        int colon = node.lastIndexOf(':');
        Arguments.require(spec, colon > 0 && node.substring(colon + 1).matches("[0-9]{1,5}"), "--node: '" + node
                + "' is not host:port");
        Arguments.require(spec, !interval.isNegative() && !interval.isZero(), "--interval must be longer than 0");
        String host = node.substring(0, colon);
        String ownHost = host.equals("127.0.0.1") || host.equals("localhost") ? "127.0.0.1"
                : InetAddress.getLocalHost().getHostAddress();
        ActorSystem<Void> client = ActorSystem.create(Behaviors.empty(), "sabot-status", ConfigFactory.parseMap(Map.of(
                "pekko.actor.provider", "remote",
                "pekko.remote.artery.canonical.hostname", ownHost,
                "pekko.remote.artery.canonical.port", 0,
                "pekko.loglevel", "WARNING",
                "pekko.remote.artery.advanced.maximum-frame-size", "8MiB")).withFallback(ConfigFactory.load()));
        try {
            ActorRef<NodeStatus.Request> service;
            try {
                service = Adapter.toTyped(Adapter.toClassic(client)
                        .actorSelection("pekko://sabot@" + node + "/system/" + StatusService.NAME)
                        .resolveOne(ASK_TIMEOUT).toCompletableFuture().get());
            } catch (ExecutionException e) {
                spec.commandLine().getErr().println("error: no Sabot node answers at " + node + " (within "
                        + ASK_TIMEOUT.toSeconds() + " s)");
                return 1;
            }
            NodeStatus.ClusterReport first = ask(client, service);
            Thread.sleep(interval.toMillis());
            NodeStatus.ClusterReport second = ask(client, service);
            spec.commandLine().getOut().print(describe(first, second, interval));
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            client.terminate();
            client.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static NodeStatus.ClusterReport ask(ActorSystem<Void> client, ActorRef<NodeStatus.Request> service)
            throws Exception {
        return AskPattern.<NodeStatus.Request, NodeStatus.ClusterReport>ask(service, NodeStatus.GetClusterStatus::new,
                ASK_TIMEOUT, client.scheduler()).toCompletableFuture().get();
    }

    /** Tables of the members and, per job, of its tasks per node and its vertices (rows/s from the two reports). */
    static String describe(NodeStatus.ClusterReport first, NodeStatus.ClusterReport second, Duration interval) {
        StringBuilder out = new StringBuilder();
        List<String[]> members = new ArrayList<>();
        for (NodeStatus.MemberReport member : second.members()) {
            members.add(new String[] {member.address(), member.status(), member.reachable() ? "yes" : "NO",
                    String.join(",", member.roles())});
        }
        out.append(Format.columns("Members", List.of("address", "status", "reachable", "roles"), members));
        if (!second.unanswered().isEmpty()) {
            out.append("no report from: ").append(String.join(", ", second.unanswered())).append('\n');
        }
        Map<String, Long> rowsBefore = rowsByJobAndVertex(first);
        TreeSet<String> jobs = new TreeSet<>();
        second.nodes().forEach(node -> node.jobs().forEach(job -> jobs.add(job.jobId())));
        if (jobs.isEmpty()) {
            out.append("no job is running\n");
        }
        for (String jobId : jobs) {
            long checkpoint = -1;
            int attempt = 0;
            List<String[]> placement = new ArrayList<>();
            Map<String, long[]> vertices = new TreeMap<>(); // vertex -> rows, smallest watermark
            for (NodeStatus.NodeReport node : second.nodes()) {
                for (NodeStatus.JobReport job : node.jobs()) {
                    if (!job.jobId().equals(jobId)) {
                        continue;
                    }
                    checkpoint = Math.max(checkpoint, job.lastCheckpoint());
                    attempt = Math.max(attempt, job.attempt());
                    placement.add(new String[] {node.address(), String.join(" ", job.tasks())});
                    for (NodeStatus.VertexReport vertex : job.vertices()) {
                        long[] sum = vertices.computeIfAbsent(vertex.vertex(), v -> new long[] {0, Long.MAX_VALUE});
                        sum[0] += vertex.rowsIn();
                        sum[1] = Math.min(sum[1], vertex.watermark());
                    }
                }
            }
            List<String[]> rows = new ArrayList<>();
            for (Map.Entry<String, long[]> vertex : vertices.entrySet()) {
                long before = rowsBefore.getOrDefault(jobId + "/" + vertex.getKey(), 0L);
                double perSecond = Math.max(0, vertex.getValue()[0] - before) / (interval.toNanos() / 1e9);
                long watermark = vertex.getValue()[1];
                rows.add(new String[] {vertex.getKey(), String.format(Locale.ROOT, "%,d", vertex.getValue()[0]),
                        Format.rate(perSecond), watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? "-"
                                : Instant.ofEpochMilli(watermark).toString()});
            }
            out.append(String.format(Locale.ROOT, "%njob %s: attempt %d, last completed checkpoint %s%n", jobId, attempt,
                    checkpoint < 0 ? "none yet" : Long.toString(checkpoint)));
            out.append(Format.columns("Tasks", List.of("node", "tasks"), placement));
            out.append(Format.columns("Vertices", List.of("vertex", "rows in", "rows/s", "watermark"), rows));
        }
        return out.toString();
    }

    private static Map<String, Long> rowsByJobAndVertex(NodeStatus.ClusterReport report) {
        Map<String, Long> rows = new TreeMap<>();
        for (NodeStatus.NodeReport node : report.nodes()) {
            for (NodeStatus.JobReport job : node.jobs()) {
                for (NodeStatus.VertexReport vertex : job.vertices()) {
                    rows.merge(job.jobId() + "/" + vertex.vertex(), vertex.rowsIn(), Long::sum);
                }
            }
        }
        return rows;
    }
}
