package io.sabot.samples.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code sabot node} starts this process's node: where it listens, the seed nodes it joins
 * through, its roles, and how many members the cluster needs before the job starts.
 */
record ClusterNode(String host, int port, List<String> seeds, List<String> roles, int minNodes, Duration joinTimeout) {

    /**
     * The node settings: Artery's canonical address, the seed nodes, the roles. Not Pekko's
     * {@code min-nr-of-members}: the shard coordinator allocates no shard while fewer regions are
     * alive, so a cluster that lost a node would never start the job again; the command waits for
     * {@link #minNodes} itself ({@code SabotNode.awaitMembers}).
     */
    Config config() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("sabot.node.hostname", host);
        settings.put("sabot.node.port", port);
        settings.put("sabot.node.join-timeout", joinTimeout.toMillis() + "ms");
        settings.put("pekko.cluster.seed-nodes", seeds.stream().map(seed -> "pekko://sabot@" + seed).toList());
        settings.put("pekko.cluster.roles", roles);
        return ConfigFactory.parseMap(settings);
    }
}
