package io.sabot.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.runtime.KeyedPipelineTest;
import io.sabot.actors.testing.TickSource;
import io.sabot.actors.testing.TickSource.Tick;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three Sabot nodes (three actor systems on 127.0.0.1, one JVM) run one job: its tasks spread over
 * all three, batches of 65,536 rows cross nodes (in slices: the frame is set small here), and the
 * output equals the same job's on a single node.
 */
class ThreeNodesTest {

    private static final int ROWS = 400_000;

    @Test
    void aJobSpreadOverThreeNodesGivesTheSingleNodeResult() throws Exception {
        List<KeyedPipelineTest.RunningCount> expected;
        try (SabotNode single = SabotNode.start()) {
            CollectSink<KeyedPipelineTest.RunningCount> sink = CollectSink.of(KeyedPipelineTest.RunningCount.class);
            assertTrue(single.run(job(sink)).succeeded());
            expected = sorted(sink.records());
        }
        assertEquals(ROWS, expected.size());

        int[] ports = freePorts(3);
        List<CompletableFuture<SabotNode>> starting = new ArrayList<>();
        for (int port : ports) {
            starting.add(CompletableFuture.supplyAsync(() -> SabotNode.start(nodeConfig(port, ports[0]))));
        }
        List<SabotNode> nodes = new ArrayList<>();
        try {
            for (CompletableFuture<SabotNode> node : starting) {
                nodes.add(node.get(90, TimeUnit.SECONDS));
            }
            nodes.forEach(node -> node.awaitMembers(3, Duration.ofSeconds(60)));
            CollectSink<KeyedPipelineTest.RunningCount> sink = CollectSink.of(KeyedPipelineTest.RunningCount.class);
            JobGraph graph = job(sink); // one graph for the three nodes: in one JVM they share its collecting sink
            List<JobHandle> handles = nodes.stream().map(node -> node.join(graph, null)).toList();
            List<JobResult> results = new ArrayList<>();
            for (JobHandle handle : handles) {
                results.add(handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES));
            }
            for (JobResult result : results) {
                assertTrue(result.succeeded(), result.error());
                assertEquals(ROWS, result.stats("count").rowsIn(), "every node hears the job's one result");
            }
            for (int i = 0; i < nodes.size(); i++) {
                assertTrue(handles.get(i).metrics().rowsIn("count") > 0,
                        "node " + i + " ran subtasks of the keyed vertex: " + Map.of("rows here",
                                handles.get(i).metrics().rowsIn("count")));
            }
            long here = handles.stream().mapToLong(handle -> handle.metrics().rowsIn("count")).sum();
            assertEquals(ROWS, here, "the nodes' local counts add up to the input");
            assertEquals(expected, sorted(sink.records()), "three nodes give the single node's output, row for row");
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close(); // fails if any Arrow buffer leaked, also of batches that crossed
            }
        }
    }

    private static JobGraph job(CollectSink<KeyedPipelineTest.RunningCount> sink) {
        JobBuilder job = JobBuilder.named("three-nodes");
        job.source("ticks", new TickSource(ROWS, 997, 65_536))
                .keyBy("symbol").process("count", KeyedPipelineTest.CountPerSymbol::new, Tick.class,
                        KeyedPipelineTest.RunningCount.class, 6)
                .sinkTo("out", sink);
        return job.build();
    }

    /** The output in seq order (the order of rows of different keys depends on the run). */
    private static List<KeyedPipelineTest.RunningCount> sorted(List<KeyedPipelineTest.RunningCount> rows) {
        return rows.stream().sorted(Comparator.comparingLong(KeyedPipelineTest.RunningCount::seq)).toList();
    }

    private static Config nodeConfig(int port, int seedPort) {
        return ConfigFactory.parseString("""
                sabot.node.port = %d
                pekko.cluster.seed-nodes = ["pekko://sabot@127.0.0.1:%d"]
                # small frames: the keyed slices of 65,536-row batches (~500 KB) go in several messages
                pekko.remote.artery.advanced.maximum-frame-size = 256KiB
                """.formatted(port, seedPort));
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
