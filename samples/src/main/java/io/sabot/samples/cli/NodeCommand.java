package io.sabot.samples.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sabot node}: this process becomes one node of a Pekko cluster and runs, with the others,
 * the job given after {@code --}. Every node is started with the same job arguments (every node of
 * a Pekko application runs the same code); the job starts once the cluster has {@code --min-nodes}
 * members, and each node's process ends with the job (docs/cluster.md).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start a cluster node and run a job with the other nodes: sabot node --port 2551 --seeds"
                + " 127.0.0.1:2551,127.0.0.1:2552 --min-nodes 2 -- bars --input trades.csv --checkpoint-dir /shared/ck"
                + " --output /shared/bars/ (jobs: bars, bench).")
final class NodeCommand implements Callable<Integer> {

    /** The job commands that run on a cluster: their outputs are part files every node writes its share of. */
    static final List<String> JOBS = List.of("bars", "bench");

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address this node listens on and the others reach it by (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", required = true, description = "Port this node listens on (Pekko Artery, TCP).")
    int port;

    @Option(names = "--seeds", required = true, split = ",", paramLabel = "HOST:PORT",
            description = "Seed nodes to join through, the same list on every node; the first one forms the cluster.")
    List<String> seeds;

    @Option(names = "--roles", split = ",", paramLabel = "ROLE", description = "Cluster roles of this node (default: none).")
    List<String> roles = List.of();

    @Option(names = "--min-nodes", defaultValue = "1",
            description = "Start the job when the cluster has this many members (default: ${DEFAULT-VALUE}).")
    int minNodes;

    @Option(names = "--join-timeout", defaultValue = "5m", converter = Durations.class, paramLabel = "DURATION",
            description = "Give up when the cluster has not got --min-nodes members by then (default: 5m).")
    Duration joinTimeout;

    @Parameters(arity = "1..*", paramLabel = "JOB", description = "After --: the job command and its options.")
    List<String> job;

    @Override
    public Integer call() {
        Arguments.require(spec, port >= 1 && port <= 65_535, "--port must be within 1..65535");
        Arguments.require(spec, minNodes >= 1, "--min-nodes must be at least 1");
        for (String seed : seeds) {
            int colon = seed.lastIndexOf(':');
            Arguments.require(spec, colon > 0 && seed.substring(colon + 1).matches("[0-9]{1,5}"),
                    "--seeds: '" + seed + "' is not host:port");
        }
        if (!JOBS.contains(job.get(0))) {
            throw new ParameterException(spec.commandLine(), "'" + job.get(0) + "' does not run on a cluster yet (jobs: "
                    + String.join(", ", JOBS) + ")");
        }
        return SabotCli.runOnCluster(new ClusterNode(host, port, List.copyOf(seeds), List.copyOf(roles), minNodes,
                joinTimeout), job.toArray(String[]::new));
    }
}
