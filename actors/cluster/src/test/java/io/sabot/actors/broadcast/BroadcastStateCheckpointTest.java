package io.sabot.actors.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedBroadcastProcessFunction;
import io.sabot.actors.broadcast.ThresholdData.Passed;
import io.sabot.actors.broadcast.ThresholdData.Threshold;
import io.sabot.actors.broadcast.ThresholdData.Trade;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.BroadcastStream;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.runtime.JobResult;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broadcast state through checkpoints: the thresholds' source ends at once, so after a restore from
 * any later checkpoint the thresholds are nowhere but in the restored broadcast state. A job that
 * fails (once, or again and again) and a job restored at other parallelisms (2 → 3 → 1) give
 * exactly what the plain loop gives.
 */
class BroadcastStateCheckpointTest {

    private static final List<Trade> TRADES = ThresholdData.trades(40_000, 7);
    private static final List<Threshold> THRESHOLDS = ThresholdData.thresholds(11);

    @TempDir
    Path dir;

    private static WatermarkStrategy eventTime() {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(ThresholdData.DISORDER))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    private record Outputs(CollectSink<Passed> passed, CollectSink<Trade> unknown) {
        Outputs() {
            this(CollectSink.of(Passed.class), CollectSink.of(Trade.class));
        }

        void assertExact() {
            assertEquals(ThresholdData.expectedPassed(TRADES, THRESHOLDS), ThresholdData.bySeq(passed.records()));
            assertEquals(ThresholdData.expectedUnknown(TRADES, THRESHOLDS), ThresholdData.tradesBySeq(unknown.records()));
        }
    }

    /** The keyed event-time gate of {@link ThresholdGate} (or another function), trades paced at {@code tradesPerSecond}. */
    private static JobBuilder gating(int parallelism, long tradesPerSecond, Outputs out,
                                     Supplier<? extends KeyedBroadcastProcessFunction<String, Trade, Threshold, Passed>> gate) {
        JobBuilder job = JobBuilder.named("gating");
        BroadcastStream limits = job.source("thresholds",
                        CollectionSource.of(Threshold.class, THRESHOLDS).withBatchSize(4), eventTime())
                .broadcast(ThresholdData.LIMITS);
        DataStream passed = job.source("trades", PacedSource.of(
                        CollectionSource.of(Trade.class, TRADES).withBatchSize(100), tradesPerSecond), eventTime())
                .keyBy("symbol").connect(limits)
                .process("gate", gate, Trade.class, Threshold.class, Passed.class, parallelism);
        passed.sinkTo("passed", out.passed());
        passed.getSideOutput(ThresholdData.UNKNOWN).sinkTo("unknown", out.unknown());
        return job;
    }

    /** A node that checkpoints every 100 ms and restarts a failed job after 50 ms, up to 100 times. */
    private SabotNode node(double injectFailures) {
        Map<String, Object> settings = new HashMap<>(Map.of("sabot.checkpoint.dir", dir.toString(),
                "sabot.checkpoint.interval", "100ms", "sabot.restart-strategy.type", "fixed-delay",
                "sabot.restart-strategy.fixed-delay.attempts", 100, "sabot.restart-strategy.fixed-delay.delay", "50ms"));
        settings.put("sabot.supervision.inject-failures.probability", injectFailures);
        settings.put("sabot.supervision.inject-failures.seed", 5);
        return SabotNode.start(ConfigFactory.parseMap(settings));
    }

    /** {@link ThresholdGate}, but throws once, on the first attempt, at trade 30,000 (1.5 s into the run, after checkpoints). */
    public static final class FailingOnce extends KeyedBroadcastProcessFunction<String, Trade, Threshold, Passed> {
        static final AtomicBoolean FAIL = new AtomicBoolean();
        private final ThresholdGate gate = new ThresholdGate();

        @Override
        public void open() {
            gate.setRuntimeContext(getRuntimeContext());
            gate.open();
        }

        @Override
        public void processElement(Trade trade, ReadOnlyContext ctx, Collector<Passed> out) throws Exception {
            if (trade.seq() == 30_000 && FAIL.compareAndSet(true, false)) {
                throw new IllegalStateException("the test fails the gate once, at trade 30,000");
            }
            gate.processElement(trade, ctx, out);
        }

        @Override
        public void processBroadcastElement(Threshold threshold, Context ctx, Collector<Passed> out) throws Exception {
            gate.processBroadcastElement(threshold, ctx, out);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Passed> out) throws Exception {
            gate.onTimer(timestamp, ctx, out);
        }
    }

    @Test
    void aGateThatFailsOnceRestartsWithItsBroadcastStateFromTheLastCheckpoint() throws Exception {
        Outputs out = new Outputs();
        FailingOnce.FAIL.set(true);
        try (SabotNode node = node(0)) {
            JobHandle handle = node.submit(gating(2, 20_000, out, FailingOnce::new).build());
            JobResult result = handle.result().toCompletableFuture().get(2, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertEquals(1, result.restarts());
            assertTrue(handle.metrics().rowsInAllAttempts("trades") > TRADES.size(), "the restart read trades again");
            assertEquals(THRESHOLDS.size(), handle.metrics().rowsInAllAttempts("thresholds"),
                    "the restored attempt read no thresholds: it had them from its broadcast state");
        }
        assertFalse(FailingOnce.FAIL.get(), "the gate failed");
        out.assertExact();
    }

    @Test
    void aGateWhoseSubtasksFailAgainAndAgainGivesWhatThePlainLoopGives() throws Exception {
        Outputs out = new Outputs();
        try (SabotNode node = node(0.01)) {
            JobHandle handle = node.submit(gating(2, 20_000, out, ThresholdGate::new).build());
            JobResult result = handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.restarts() >= 2, "failures were injected: " + result.restarts() + " restart(s)");
        }
        out.assertExact();
    }

    /** Runs at parallelism 2, is cancelled after checkpoints, resumes at 3, again, and ends at 1. */
    @Test
    void aGateRestoredAtOtherParallelismsGivesEverySubtaskTheBroadcastState() throws Exception {
        Outputs out = new Outputs();
        try (SabotNode node = node(0)) {
            long lastCheckpoint = 0;
            for (int parallelism : new int[] {2, 3}) {
                JobHandle handle = node.submit(gating(parallelism, 10_000, new Outputs(), ThresholdGate::new).build());
                long after = lastCheckpoint;
                await(handle, () -> handle.metrics().lastCheckpoint() >= after + 3, "three more checkpoints completed");
                lastCheckpoint = handle.metrics().lastCheckpoint();
                node.cancel(handle, "the test stops it at parallelism " + parallelism);
                JobResult cancelled = handle.result().toCompletableFuture().get(1, TimeUnit.MINUTES);
                assertFalse(cancelled.succeeded(), "the run at parallelism " + parallelism + " ended before its cancel");
            }
            JobResult last = node.execute(gating(1, 0, out, ThresholdGate::new).build());
            assertTrue(last.succeeded(), last.error());
            assertTrue(last.stats("trades").rowsIn() < TRADES.size(), "the last run read only what came after its checkpoint");
            assertEquals(0, last.stats("thresholds").rowsIn(), "the last run had its thresholds from broadcast state");
        }
        out.assertExact();
    }

    /** Waits until {@code condition} holds while the job runs; fails at once if the job ends first. */
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
}
