package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.testing.PassThrough;
import io.sabot.actors.testing.SlowSink;
import io.sabot.actors.testing.TickSource;
import io.sabot.checkpointing.Savepoints;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints of whole jobs on a node: restore into other parallelisms, finished sources, aborts. */
class CheckpointingTest {

    private static final int ROWS = 60_000;

    @TempDir
    Path dir;

    public record Counted(String symbol, long seq, long count) {}

    /** How many ticks of its symbol each tick is: keyed state that a wrong restore would get wrong. */
    public static final class RunningCount extends KeyedProcessFunction<String, TickSource.Tick, Counted> {
        private ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(TickSource.Tick tick, Context ctx, Collector<Counted> out) throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(new Counted(tick.symbol(), tick.seq(), n));
        }
    }

    private static JobBuilder counting(int parallelism, long rowsPerSecond, CollectSink<Counted> out) {
        JobBuilder job = JobBuilder.named("counting");
        job.source("ticks", PacedSource.of(new TickSource(ROWS, 40, 200), rowsPerSecond))
                .keyBy("symbol").process("count", RunningCount::new, TickSource.Tick.class, Counted.class, parallelism)
                .sinkTo("out", out);
        return job;
    }

    private SabotNode checkpointingNode() {
        return SabotNode.start(ConfigFactory.parseMap(Map.of("sabot.checkpoint.dir", dir.toString(),
                "sabot.checkpoint.interval", "100ms")));
    }

    /** The job's output from one run at parallelism 2 without checkpoints or failures, in input order. */
    private static List<Counted> runWithoutFailures() throws Exception {
        CollectSink<Counted> clean = CollectSink.of(Counted.class);
        try (SabotNode node = SabotNode.start()) {
            JobResult result = node.execute(counting(2, 0, clean).build());
            assertTrue(result.succeeded(), result.error());
        }
        return inInputOrder(clean);
    }

    private static List<Counted> inInputOrder(CollectSink<Counted> output) {
        return output.records().stream().sorted(Comparator.comparingLong(Counted::seq)).toList();
    }

    /** Waits until {@code condition} holds while the job runs; fails at once, with its result, if the job ends first. */
    private static void await(JobHandle job, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (job.result().toCompletableFuture().isDone()) {
                JobResult result = job.result().toCompletableFuture().get();
                throw new AssertionError("the job ended (" + (result.succeeded() ? "succeeded" : result.error())
                        + ") before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Runs at parallelism 1, is cancelled after checkpoints, resumes at 3, again, and ends at 2. */
    @Test
    void aJobRestoredAtParallelism1Then3Then2GivesWhatARunWithoutFailuresGives() throws Exception {
        List<Counted> clean = runWithoutFailures();
        CollectSink<Counted> resumed = CollectSink.of(Counted.class);
        try (SabotNode node = checkpointingNode()) {
            long lastCheckpoint = 0;
            for (int parallelism : new int[] {1, 3}) {
                JobHandle handle = node.submit(counting(parallelism, 10_000, CollectSink.of(Counted.class)).build());
                long after = lastCheckpoint;
                await(handle, () -> handle.metrics().lastCheckpoint() >= after + 3, "three more checkpoints completed");
                lastCheckpoint = handle.metrics().lastCheckpoint();
                node.cancel(handle, "the test stops it at parallelism " + parallelism);
                JobResult cancelled = handle.result().toCompletableFuture().get(1, TimeUnit.MINUTES);
                assertFalse(cancelled.succeeded(), "the run at parallelism " + parallelism + " ended before its cancel: read "
                        + cancelled.stats("ticks").rowsIn() + " rows, checkpoints up to " + lastCheckpoint + ", took "
                        + cancelled.duration());
                assertTrue(cancelled.stats("ticks").rowsIn() < ROWS, "cancelled before the end of its input");
            }
            JobResult last = node.execute(counting(2, 0, resumed).build());
            assertTrue(last.succeeded(), last.error());
            assertTrue(last.stats("ticks").rowsIn() < ROWS, "the last run read only what came after its checkpoint");
        }
        assertEquals(clean, inInputOrder(resumed));
    }

    /**
     * Stopped with a savepoint at parallelism 2 on RocksDB (whose incremental checkpoints share SST
     * files), started from it at parallelism 3 on another node with another checkpoint directory:
     * the output is that of a run without failures, and the savepoint outlives the job.
     */
    @Test
    void aJobStoppedWithASavepointResumesFromItAtAnotherParallelism() throws Exception {
        List<Counted> clean = runWithoutFailures();
        StateBackendConfig rocksDb = StateBackendConfig.of(StateBackendKind.ROCKSDB).withLocalDirectory(dir.resolve("local"));
        Path savepoint;
        try (SabotNode node = checkpointingNode()) {
            JobHandle handle = node.submit(counting(2, 10_000, CollectSink.of(Counted.class)).stateBackend(rocksDb).build());
            await(handle, () -> handle.metrics().lastCheckpoint() >= 3, "three checkpoints completed");
            savepoint = node.stopWithSavepoint(handle, dir.resolve("savepoints")).toCompletableFuture().get(1, TimeUnit.MINUTES);
            JobResult stopped = handle.result().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertFalse(stopped.succeeded(), "stopped before the end of its input");
        }
        CollectSink<Counted> resumed = CollectSink.of(Counted.class);
        try (SabotNode node = SabotNode.start(ConfigFactory.parseMap(Map.of(
                "sabot.checkpoint.dir", dir.resolve("elsewhere").toString(), "sabot.checkpoint.interval", "100ms")))) {
            var graph = counting(3, 0, resumed).stateBackend(rocksDb).build();
            JobResult last = node.submit(graph, SabotNode.jobIdOf(graph), savepoint).result().toCompletableFuture()
                    .get(1, TimeUnit.MINUTES);
            assertTrue(last.succeeded(), last.error());
            assertTrue(last.stats("ticks").rowsIn() < ROWS, "the resumed run read only what came after the savepoint");
        }
        assertEquals(clean, inInputOrder(resumed));
        Savepoints.read(savepoint); // every file still there and intact
    }

    /**
     * Messages addressed to the tasks of an earlier attempt (here: an end of input on every channel,
     * which would cut the current attempt's input short) reach that attempt's entities only, never
     * the tasks of the attempt that runs now: its output is that of a run without failures.
     */
    @Test
    void messagesOfAnEarlierAttemptNeverReachTheCurrentOne() throws Exception {
        List<Counted> clean = runWithoutFailures();
        CollectSink<Counted> resumed = CollectSink.of(Counted.class);
        try (SabotNode node = checkpointingNode()) {
            JobHandle first = node.submit(counting(2, 10_000, CollectSink.of(Counted.class)).build());
            await(first, () -> first.metrics().lastCheckpoint() >= 2, "two checkpoints completed");
            node.cancel(first, "the test starts a second attempt");
            assertFalse(first.result().toCompletableFuture().get(1, TimeUnit.MINUTES).succeeded());

            JobHandle second = node.submit(counting(2, 20_000, resumed).build());
            await(second, () -> second.metrics().rowsIn("count") > 0, "the second attempt processes rows");
            ClusterSharding sharding = ClusterSharding.get(node.system());
            for (String[] task : new String[][] {{"count", "0"}, {"count", "1"}, {"out", "0"}}) {
                String staleTask = new TaskId("counting", 1, task[0], Integer.parseInt(task[1])).entityId();
                var typeKey = task[0].equals("out") ? TaskEntity.IO : TaskEntity.AGENTS;
                for (int channel = 0; channel < 2; channel++) {
                    sharding.entityRefFor(typeKey, staleTask).tell(new TaskCommand.Deliver(channel, EndOfInput.INSTANCE));
                }
            }
            JobResult last = second.result().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertTrue(last.succeeded(), last.error());
        }
        assertEquals(clean, inInputOrder(resumed));
    }

    /**
     * A job of two pipelines, one of which ends at once: checkpoints go on after its source
     * finished (its tasks' final snapshots stand in for them), and the job completes.
     */
    @Test
    void checkpointsGoOnAfterASourceFinished() throws Exception {
        JobBuilder job = JobBuilder.named("one-ends-early");
        CollectSink<TickSource.Tick> early = CollectSink.of(TickSource.Tick.class);
        CollectSink<TickSource.Tick> late = CollectSink.of(TickSource.Tick.class);
        job.source("short", new TickSource(500, 5, 100)).process("short-pass", PassThrough::new, 1).sinkTo("short-out", early);
        job.source("long", PacedSource.of(new TickSource(30_000, 5, 200), 15_000))
                .process("long-pass", PassThrough::new, 1).sinkTo("long-out", late);
        try (SabotNode node = checkpointingNode()) {
            JobHandle handle = node.submit(job.build());
            await(handle, () -> handle.metrics().rowsIn("short") == 500, "the short source read everything");
            Thread.sleep(200); // its end reaches its sink, which reports its final pre-commit
            long checkpointAfterItEnded = handle.metrics().lastCheckpoint();
            await(handle, () -> handle.metrics().lastCheckpoint() >= checkpointAfterItEnded + 3, "three more checkpoints completed");
            JobResult result = handle.result().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
        }
        assertEquals(500, early.records().size());
        assertEquals(30_000, late.records().size());
    }

    /**
     * Checkpoints that cannot complete in time (a slow sink, a timeout shorter than the alignment)
     * are aborted, the channels their barriers held flow again, and the job ends with all its rows.
     */
    @Test
    void abortedCheckpointsReleaseTheirChannelsAndTheJobGoesOn() throws Exception {
        SlowSink slow = new SlowSink();
        JobBuilder job = JobBuilder.named("impatient");
        job.source("ticks", new TickSource(20_000, 20, 100))
                .keyBy("symbol").process("pass", PassThrough::new, 2)
                .sinkTo("out", slow);
        Map<String, Object> settings = new HashMap<>(Map.of("sabot.checkpoint.dir", dir.toString(),
                "sabot.checkpoint.interval", "20ms", "sabot.checkpoint.timeout", "5ms",
                "sabot.checkpoint.tolerable-failed-checkpoints", "1000000"));
        try (SabotNode node = SabotNode.start(ConfigFactory.parseMap(settings))) {
            JobHandle handle = node.submit(job.build());
            JobResult result = handle.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(handle.metrics().abortedCheckpoints() > 0, "some checkpoints timed out");
        }
        assertEquals(20_000, slow.rows.get());
    }

    /** Sources and sinks keep per-subtask positions: a restore at another parallelism is refused, naming the vertex. */
    @Test
    void aSourceCannotRestoreAtAnotherParallelism() throws Exception {
        try (SabotNode node = checkpointingNode()) {
            JobHandle handle = node.submit(counting(1, 20_000, CollectSink.of(Counted.class)).build());
            await(handle, () -> handle.metrics().lastCheckpoint() >= 1, "a checkpoint completed");
            node.cancel(handle, "test");
            handle.result().toCompletableFuture().get(1, TimeUnit.MINUTES);
            JobBuilder wider = JobBuilder.named("counting");
            wider.source("ticks", new TickSource(ROWS, 40, 200))
                    .keyBy("symbol").process("count", RunningCount::new, TickSource.Tick.class, Counted.class, 1)
                    .sinkTo("out", CollectSink.of(Counted.class), 2);
            JobResult refused = node.run(wider.build());
            assertFalse(refused.succeeded());
            assertTrue(refused.error().contains("'out' ran with parallelism 1"), refused.error());
        }
    }
}
