package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.cluster.TaskEntity;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Partial restarts: under REST_FOR_ONE a failed task restarts with the tasks downstream of it, under
 * ONE_FOR_ONE an agent with one input channel (or a sink) restarts alone, from the last completed
 * checkpoint, while the others go on, send their output again, and drop what they had; the output
 * is that of a run without failures. Rows taken are the witness of what restarted: a source that
 * never restarted read each row once, a sink that never restarted took each row once.
 */
class PartialRestartTest {

    @TempDir
    Path dir;

    /** Checkpoints every 100 ms, restarts after 50 ms (up to 100 times) under {@code strategy}. */
    private SabotNode node(String strategy, double injectFailures, Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of("sabot.checkpoint.dir", dir.toString(),
                "sabot.checkpoint.interval", "100ms", "sabot.restart-strategy.type", "fixed-delay",
                "sabot.restart-strategy.fixed-delay.attempts", 100, "sabot.restart-strategy.fixed-delay.delay", "50ms",
                "sabot.supervision.strategy", strategy));
        settings.put("sabot.supervision.inject-failures.probability", injectFailures);
        settings.put("sabot.supervision.inject-failures.seed", 11);
        settings.putAll(more);
        return SabotNode.start(ConfigFactory.parseMap(settings));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest-for-one", "one-for-one"})
    void failedAgentsRestartWithTheirDownstreamOnlyAndTheOutputIsThatOfARunWithoutFailures(String strategy)
            throws Exception {
        List<CheckpointingTest.Counted> clean = SupervisionTest.runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = node(strategy, 0.01, Map.of())) {
            JobHandle handle = node.submit(SupervisionTest.counting(20_000, out).build());
            JobResult result = handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.restarts() >= 2, "failures were injected: " + result.restarts() + " restart(s)");
            assertEquals(SupervisionTest.ROWS, handle.metrics().rowsInAllAttempts("ticks"),
                    "the source never restarted: it sent its output again instead");
            if (strategy.equals("one-for-one")) {
                assertEquals(SupervisionTest.ROWS, handle.metrics().rowsInAllAttempts("out"),
                        "the sink never restarted and took each row once: what restarted agents sent again was dropped");
            }
            assertFalse(handle.metrics().recoveries().isEmpty(), "the time to recover is measured");
        }
        assertEquals(clean, SupervisionTest.inInputOrder(out));
    }

    @Test
    void anAgentsOwnStrategyOverTheJobsRestartsItAlone() throws Exception {
        List<CheckpointingTest.Counted> clean = SupervisionTest.runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = node("one-for-all", 0.01, Map.of())) {
            JobHandle handle = node.submit(SupervisionTest.counting(20_000, out)
                    .configure("sabot.supervision.agents.count", "one-for-one").build());
            JobResult result = handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.restarts() >= 1, "failures were injected: " + result.restarts() + " restart(s)");
            assertEquals(SupervisionTest.ROWS, handle.metrics().rowsInAllAttempts("ticks"), "the source went on");
            assertEquals(SupervisionTest.ROWS, handle.metrics().rowsInAllAttempts("out"), "the sink went on");
        }
        assertEquals(clean, SupervisionTest.inInputOrder(out));
        JobBuilder unknown = SupervisionTest.counting(0, CollectSink.of(CheckpointingTest.Counted.class))
                .configure("sabot.supervision.agents.nobody", "one-for-one");
        try (SabotNode node = SabotNode.start()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> node.submit(unknown.build()));
            assertTrue(refused.getMessage().contains("no agent 'nobody'"), refused.getMessage());
        }
    }

    @Test
    void aSinkThatStopsWithoutReportingRestartsAloneUnderOneForOne() throws Exception {
        List<CheckpointingTest.Counted> clean = SupervisionTest.runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = node("one-for-one", 0, Map.of())) {
            JobHandle handle = node.submit(SupervisionTest.counting(20_000, out).build());
            awaitCheckpoint(handle, 2);
            String sink = new TaskId("counting", 1, "out", 0).entityId();
            ClusterSharding.get(node.system()).entityRefFor(TaskEntity.IO, sink).tell(TaskCommand.Stop.INSTANCE);
            JobResult result = handle.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertEquals(1, result.restarts());
            assertEquals(SupervisionTest.ROWS, handle.metrics().rowsInAllAttempts("ticks"), "the source went on");
            assertEquals(SupervisionTest.ROWS, handle.metrics().rowsInAllAttempts("count"), "the agents went on");
        }
        assertEquals(clean, SupervisionTest.inInputOrder(out));
    }

    @Test
    void pastTheRetainedBytesTheSenderRestartsTooAndTheOutputIsStillExact() throws Exception {
        List<CheckpointingTest.Counted> clean = SupervisionTest.runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = node("rest-for-one", 0.03, Map.of("sabot.supervision.retained-bytes", 1))) {
            JobHandle handle = node.submit(SupervisionTest.counting(20_000, out).build());
            JobResult result = handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.restarts() >= 2, "failures were injected: " + result.restarts() + " restart(s)");
            assertTrue(handle.metrics().rowsInAllAttempts("ticks") > SupervisionTest.ROWS,
                    "the source could not send its output again: it restarted from the checkpoint");
        }
        assertEquals(clean, SupervisionTest.inInputOrder(out));
    }

    @Test
    void aSenderThatKeptTooLittleRestartsTooWithoutCountingAsAnotherRestart() throws Exception {
        List<CheckpointingTest.Counted> clean = SupervisionTest.runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = node("one-for-one", 0, Map.of("sabot.supervision.retained-bytes", 1,
                "sabot.restart-strategy.fixed-delay.attempts", 1, // one restart allowed: the sender's is not another
                "sabot.supervision.inject-failures.once-task", "count/0", "sabot.supervision.inject-failures.once-at-batch", 40))) {
            JobHandle handle = node.submit(SupervisionTest.counting(20_000, out).build());
            JobResult result = handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertEquals(1, result.restarts());
            assertTrue(handle.metrics().rowsInAllAttempts("ticks") > SupervisionTest.ROWS,
                    "the source could not send its output again: it restarted from the checkpoint too");
        }
        assertEquals(clean, SupervisionTest.inInputOrder(out));
    }

    private static void awaitCheckpoint(JobHandle handle, long checkpoint) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (handle.metrics().lastCheckpoint() < checkpoint) {
            assertFalse(handle.result().toCompletableFuture().isDone(), "the job ended before checkpoint " + checkpoint);
            assertTrue(System.nanoTime() < deadline, "no checkpoint " + checkpoint + " within a minute");
            Thread.sleep(10);
        }
    }
}
