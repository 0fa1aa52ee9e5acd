package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.cluster.TaskEntity;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.testing.TickSource;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that survive failures: the job restarts (ONE_FOR_ALL) from its last completed checkpoint
 * and its output is that of a run without failures; a task that stops without reporting is a
 * failure, not a hang; the restart strategy gives up when it says so.
 */
class SupervisionTest {

    static final int ROWS = 60_000;

    @TempDir
    Path dir;

    static JobBuilder counting(long rowsPerSecond, CollectSink<CheckpointingTest.Counted> out) {
        JobBuilder job = JobBuilder.named("counting");
        job.source("ticks", PacedSource.of(new TickSource(ROWS, 40, 200), rowsPerSecond))
                .keyBy("symbol").process("count", CheckpointingTest.RunningCount::new, TickSource.Tick.class,
                        CheckpointingTest.Counted.class, 2)
                .sinkTo("out", out);
        return job;
    }

    /** A node that checkpoints every 100 ms and restarts failed jobs after 50 ms, up to {@code attempts} times. */
    private SabotNode node(int attempts, double injectFailures) {
        Map<String, Object> settings = new HashMap<>(Map.of("sabot.checkpoint.dir", dir.toString(),
                "sabot.checkpoint.interval", "100ms", "sabot.restart-strategy.type", "fixed-delay",
                "sabot.restart-strategy.fixed-delay.attempts", attempts, "sabot.restart-strategy.fixed-delay.delay", "50ms"));
        settings.put("sabot.supervision.inject-failures.probability", injectFailures);
        settings.put("sabot.supervision.inject-failures.seed", 11);
        return SabotNode.start(ConfigFactory.parseMap(settings));
    }

    static List<CheckpointingTest.Counted> runWithoutFailures() throws Exception {
        CollectSink<CheckpointingTest.Counted> clean = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = SabotNode.start()) {
            JobResult result = node.execute(counting(0, clean).build());
            assertTrue(result.succeeded(), result.error());
            assertEquals(0, result.restarts());
        }
        return inInputOrder(clean);
    }

    static List<CheckpointingTest.Counted> inInputOrder(CollectSink<CheckpointingTest.Counted> output) {
        return output.records().stream().sorted(Comparator.comparingLong(CheckpointingTest.Counted::seq)).toList();
    }

    @Test
    void aJobWhoseAgentsFailAgainAndAgainRestartsAndGivesTheOutputOfARunWithoutFailures() throws Exception {
        List<CheckpointingTest.Counted> clean = runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = node(100, 0.03)) {
            JobHandle handle = node.submit(counting(20_000, out).build());
            JobResult result = handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.restarts() >= 2, "failures were injected: " + result.restarts() + " restart(s)");
            assertFalse(handle.metrics().recoveries().isEmpty(), "the time to recover is measured");
            assertTrue(handle.metrics().rowsInAllAttempts("ticks") > ROWS, "restarts read rows again");
        }
        assertEquals(clean, inInputOrder(out));
    }

    @Test
    void aTaskThatStopsWithoutReportingIsAFailureAndTheJobRestarts() throws Exception {
        List<CheckpointingTest.Counted> clean = runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        try (SabotNode node = node(1, 0)) {
            JobHandle handle = node.submit(counting(20_000, out).build());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (handle.metrics().lastCheckpoint() < 2) {
                assertFalse(handle.result().toCompletableFuture().isDone(), "the job ended before its second checkpoint");
                assertTrue(System.nanoTime() < deadline, "no checkpoint within a minute");
                Thread.sleep(10);
            }
            // as a shard handing the entity off would: the task stops and says nothing
            String task = new TaskId("counting", 1, "count", 1).entityId();
            ClusterSharding.get(node.system()).entityRefFor(TaskEntity.AGENTS, task).tell(TaskCommand.Stop.INSTANCE);
            JobResult result = handle.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertEquals(1, result.restarts());
        }
        assertEquals(clean, inInputOrder(out));
    }

    /** Counts as {@link CheckpointingTest.RunningCount} does, but hangs for 3 s once, on the first attempt, at tick 30,000. */
    public static final class HangingOnce extends KeyedProcessFunction<String, TickSource.Tick, CheckpointingTest.Counted> {
        static final AtomicBoolean HANG = new AtomicBoolean();
        private final CheckpointingTest.RunningCount counting = new CheckpointingTest.RunningCount();

        @Override
        public void open() {
            counting.setRuntimeContext(getRuntimeContext());
            counting.open();
        }

        @Override
        public void processElement(TickSource.Tick tick, Context ctx, Collector<CheckpointingTest.Counted> out) throws Exception {
            if (tick.seq() == ROWS / 2 && HANG.compareAndSet(true, false)) {
                Thread.sleep(3_000); // alive but stuck, as user code in an endless call would be
            }
            counting.processElement(tick, ctx, out);
        }
    }

    @Test
    void aTaskThatHangsFailsItsCheckpointAndTheJobRestarts() throws Exception {
        List<CheckpointingTest.Counted> clean = runWithoutFailures();
        CollectSink<CheckpointingTest.Counted> out = CollectSink.of(CheckpointingTest.Counted.class);
        HangingOnce.HANG.set(true);
        Map<String, Object> settings = Map.of("sabot.checkpoint.dir", dir.toString(), "sabot.checkpoint.interval", "100ms",
                "sabot.checkpoint.timeout", "1s", "sabot.restart-strategy.type", "fixed-delay",
                "sabot.restart-strategy.fixed-delay.delay", "50ms");
        try (SabotNode node = SabotNode.start(ConfigFactory.parseMap(settings))) {
            JobBuilder job = JobBuilder.named("counting");
            job.source("ticks", PacedSource.of(new TickSource(ROWS, 40, 200), 20_000))
                    .keyBy("symbol").process("count", HangingOnce::new, TickSource.Tick.class, CheckpointingTest.Counted.class, 2)
                    .sinkTo("out", out);
            JobResult result = node.submit(job.build()).result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.restarts() >= 1, "the expired checkpoint failed the attempt"); // a loaded machine may expire more
            // the expired checkpoint (after the one resumed from) had its id; the restarted attempt never reuses it,
            // or the failed attempt's late snapshot writes could land in the new attempt's checkpoint
            assertFalse(result.barriers().isEmpty());
            assertTrue(result.barriers().firstKey() > result.resumedFrom() + 1, "checkpoint ids after " + result.resumedFrom()
                    + " resumed: " + result.barriers().keySet());
        }
        assertFalse(HangingOnce.HANG.get(), "the function hung");
        assertEquals(clean, inInputOrder(out));
    }

    @Test
    void theJobsRestartStrategyGivesUpAfterItsAttemptsAndTheJobFailsWithTheCause() throws Exception {
        try (SabotNode node = node(100, 1.0)) {
            JobBuilder job = counting(0, CollectSink.of(CheckpointingTest.Counted.class))
                    .configure("sabot.restart-strategy.fixed-delay.attempts", "2"); // the job's own, over the node's 100
            JobResult result = node.submit(job.build()).result().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertFalse(result.succeeded());
            assertEquals(2, result.restarts());
            assertTrue(result.error().contains("injected failure") && result.error().contains("gave up restarting after 2"),
                    result.error());
        }
    }

    @Test
    void aWrongPerJobSettingIsRefusedWhenTheJobIsSubmitted() {
        JobBuilder job = counting(0, CollectSink.of(CheckpointingTest.Counted.class))
                .configure("sabot.restart-strategy.type", "sometimes");
        try (SabotNode node = SabotNode.start()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> node.submit(job.build()));
            assertTrue(refused.getMessage().contains("sometimes"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> job.configure("sabot.checkpoint.interval", "1s"));
    }

    @Test
    void withoutStoredCheckpointsAFailedJobIsNotRestartedByDefault() throws Exception {
        try (SabotNode node = SabotNode.start(ConfigFactory.parseMap(Map.of(
                "sabot.supervision.inject-failures.probability", 1.0)))) {
            JobResult result = node.run(counting(0, CollectSink.of(CheckpointingTest.Counted.class)).build());
            assertFalse(result.succeeded());
            assertEquals(0, result.restarts());
            assertTrue(result.error().contains("injected failure") && !result.error().contains("gave up"), result.error());
        }
    }
}
