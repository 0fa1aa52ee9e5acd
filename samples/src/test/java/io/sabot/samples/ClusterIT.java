package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code sabot node} processes run {@code bars} with checkpoints every 500 ms; one of them is
 * killed with SIGKILL after a checkpoint completed; the two left finish the job from the last
 * checkpoint (the split brain resolver downs the lost node, the job restarts on the survivors), and
 * the part files they all wrote, joined and sorted, are exactly the bars of a run on one node. Once
 * a node that runs tasks only, once the oldest node, which runs the job manager and the shard
 * coordinators (singletons that move to the next oldest). Before the kill, {@code sabot status}
 * asks one node from outside the cluster where the tasks run. And a rolling restart: each node in
 * turn stopped with SIGTERM (it leaves the cluster) and started again, while the job runs.
 */
class ClusterIT {

    @TempDir
    Path dir;

    private List<String> singleNodeBars;

    @BeforeEach
    void tradesAndTheSingleNodeBars() throws Exception {
        JarProcess.Run trades = JarProcess.java(dir, "bitstamp", "--output", "trades.csv", "--symbols", "5", "--disorder", "8s");
        assertEquals(0, trades.exitCode(), trades.output());
        JarProcess.Run single = JarProcess.java(dir, "bars", "--input", "trades.csv", "--window", "60s",
                "--out-of-orderness", "5s", "--parallelism", "6", "--output", "single.csv");
        assertEquals(0, single.exitCode(), single.output());
        singleNodeBars = sortedRows(Files.readAllLines(dir.resolve("single.csv")).stream().skip(1));
    }

    @Test
    void losingANodeThatRunsTasksLosesNoBar() throws Exception {
        runAndKill(2);
    }

    @Test
    void losingTheNodeOfTheJobManagerLosesNoBar() throws Exception {
        runAndKill(0);
    }

    @Test
    void aRollingRestartOfEveryNodeLosesNoBar() throws Exception {
        int[] ports = freePorts(3);
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(startNode(i, ports, 10_000));
            }
            assertTrue(CrashRecoveryIT.awaitNewCheckpoint(dir.resolve("checkpoints"), Set.of(), nodes.get(0)),
                    "the job ended before a checkpoint completed: " + console(0));
            for (int i = 0; i < 3; i++) {
                Thread.sleep(3_000);
                nodes.get(i).destroy(); // SIGTERM: Pekko's coordinated shutdown leaves the cluster
                assertTrue(nodes.get(i).waitFor(1, TimeUnit.MINUTES), "node " + i + " did not stop");
                for (int other = 0; other < 3; other++) {
                    assertTrue(other == i || nodes.get(other).isAlive(), "node " + other + " runs on: " + console(other));
                }
                nodes.set(i, startNode(i, ports, 10_000));
                Thread.sleep(6_000); // until it is a member again
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(nodes.get(i).waitFor(3, TimeUnit.MINUTES), "node " + i + " did not end: " + console(i));
                assertEquals(0, nodes.get(i).exitValue(), "node " + i + ": " + console(i));
            }
        } finally {
            nodes.forEach(node -> node.toHandle().destroyForcibly());
        }
        assertEquals(singleNodeBars, barsOfTheParts(), "the bars after a rolling restart equal one node's");
    }

    /** Starts node {@code i} (its own directory for its log and console output) running bars at {@code rate} trades/s. */
    private Process startNode(int i, int[] ports, int rate) throws IOException {
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        Path work = Files.createDirectories(dir.resolve("node-" + i));
        return JarProcess.start(work, List.of("node", "--port", Integer.toString(ports[i]), "--seeds", seeds,
                "--min-nodes", "3", "--", "bars", "--input", dir.resolve("trades.csv").toString(), "--window", "60s",
                "--out-of-orderness", "5s", "--parallelism", "6", "--checkpoint-dir", dir.resolve("checkpoints").toString(),
                "--checkpoint-interval", "500ms", "--output", dir.resolve("bars").toString(),
                "--max-rows-per-second", Integer.toString(rate)));
    }

    /** The bars of every committed part file, headers skipped, sorted. */
    private List<String> barsOfTheParts() throws IOException {
        Path out = dir.resolve("bars");
        List<String> parts;
        try (Stream<Path> files = Files.list(out)) {
            parts = files.map(Path::getFileName).map(Path::toString).sorted().toList();
        }
        assertTrue(parts.stream().allMatch(name -> name.matches("part-[0-5]-[0-9]+\\.csv")), "only committed parts: " + parts);
        List<String> rows = new ArrayList<>();
        for (String part : parts) {
            rows.addAll(Files.readAllLines(out.resolve(part)).stream().skip(1).toList()); // each part has the header
        }
        return sortedRows(rows.stream());
    }

    private void runAndKill(int victim) throws Exception {
        int[] ports = freePorts(3);
        Path checkpoints = dir.resolve("checkpoints");
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(startNode(i, ports, 25_000));
            }
            assertTrue(CrashRecoveryIT.awaitNewCheckpoint(checkpoints, Set.of(), nodes.get(victim)),
                    "node " + victim + " ended before a checkpoint completed: " + console(victim));
            JarProcess.Run status = JarProcess.java(dir, "status", "--node", "127.0.0.1:" + ports[(victim + 1) % 3]);
            assertEquals(0, status.exitCode(), status.output());
            for (int port : ports) {
                assertTrue(status.output().contains("pekko://sabot@127.0.0.1:" + port), "member " + port + ": " + status.output());
            }
            assertEquals(3, status.output().lines().filter(line -> line.contains(" Up ")).count(), status.output());
            assertTrue(status.output().matches("(?s).*job bars: attempt \\d+, last completed checkpoint \\d+.*"), status.output());
            assertTrue(status.output().contains("bars[0]") && status.output().contains("trades[0]"), status.output());
            nodes.get(victim).toHandle().destroyForcibly();
            for (int i = 0; i < 3; i++) {
                assertTrue(nodes.get(i).waitFor(3, TimeUnit.MINUTES), "node " + i + " did not end: " + console(i));
                assertEquals(i == victim ? 137 : 0, nodes.get(i).exitValue(), "node " + i + ": " + console(i));
            }
        } finally {
            nodes.forEach(node -> node.toHandle().destroyForcibly());
        }
        String survivors = Files.readString(dir.resolve("node-" + (victim + 1) % 3).resolve("sabot-output/sabot.log"))
                + Files.readString(dir.resolve("node-" + (victim + 2) % 3).resolve("sabot-output/sabot.log"));
        assertTrue(survivors.contains("SBR took decision DownUnreachable"), "the split brain resolver (on the leader) downed"
                + " the lost node");
        assertTrue(survivors.contains("restored from checkpoint"), "the job restarted from a checkpoint on the survivors");
        assertEquals(singleNodeBars, barsOfTheParts(), "the bars of three nodes, one lost, equal one node's");
    }

    private String console(int node) throws IOException {
        return Files.readString(dir.resolve("node-" + node).resolve("jar-output.txt"));
    }

    private static List<String> sortedRows(Stream<String> rows) {
        return rows.sorted().collect(Collectors.toList());
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return ports;
    }
}
