package io.sabot.actors.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.BroadcastProcessFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.JobExecutionException;
import io.sabot.actors.broadcast.ThresholdData.Passed;
import io.sabot.actors.broadcast.ThresholdData.Threshold;
import io.sabot.actors.broadcast.ThresholdData.Trade;
import io.sabot.actors.graph.BroadcastStream;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broadcast state on a real node: per-symbol thresholds broadcast to every subtask of a gate over a
 * stream of trades (keyed, in event time; and not keyed, in arrival order), at parallelism 1 and 3,
 * against a plain loop. The thresholds are paced slowly, so most trades reach the gate before them:
 * the result is exact only because the gate waits (for the combined watermark, which counts the
 * broadcast input, or for the thresholds' end marker). Misuse fails with errors that name the agent
 * and the state.
 */
class BroadcastStateTest extends OnOneNode {

    private static final List<Trade> TRADES = ThresholdData.trades(6_000, 3);
    private static final List<Threshold> THRESHOLDS = ThresholdData.thresholds(5);

    private static WatermarkStrategy eventTime() {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(ThresholdData.DISORDER))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    /** Thresholds one per batch at 100 per second: they trickle in while the trades rush. */
    private static CollectionSource<Threshold> slowThresholds() {
        return CollectionSource.of(Threshold.class, THRESHOLDS).withBatchSize(1);
    }

    private record Outputs(CollectSink<Passed> passed, CollectSink<Trade> unknown) {
        Outputs() {
            this(CollectSink.of(Passed.class), CollectSink.of(Trade.class));
        }

        void sink(DataStream gate) {
            gate.sinkTo("passed", passed);
            gate.getSideOutput(ThresholdData.UNKNOWN).sinkTo("unknown", unknown);
        }

        void assertExact() {
            assertEquals(ThresholdData.expectedPassed(TRADES, THRESHOLDS), ThresholdData.bySeq(passed.records()));
            assertEquals(ThresholdData.expectedUnknown(TRADES, THRESHOLDS), ThresholdData.tradesBySeq(unknown.records()));
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aKeyedGateInEventTimePassesTheTradesAboveTheirSymbolsThreshold(int parallelism) throws Exception {
        JobBuilder job = JobBuilder.named("keyed-gate");
        BroadcastStream limits = job.source("thresholds", PacedSource.of(slowThresholds(), 100), eventTime())
                .broadcast(ThresholdData.LIMITS);
        DataStream gate = job.source("trades", CollectionSource.of(Trade.class, TRADES).withBatchSize(64), eventTime())
                .keyBy("symbol").connect(limits)
                .process("gate", ThresholdGate::new, Trade.class, Threshold.class, Passed.class, parallelism);
        Outputs out = new Outputs();
        out.sink(gate);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());
        out.assertExact();
        assertTrue(ThresholdData.expectedPassed(TRADES, THRESHOLDS).size() > 1_000, "a test that passes enough");
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aNonKeyedGatePassesTheTradesAboveTheirSymbolsThreshold(int parallelism) throws Exception {
        JobBuilder job = JobBuilder.named("gate");
        BroadcastStream limits = job.source("thresholds", PacedSource.of(slowThresholds(), 100))
                .broadcast(ThresholdData.LIMITS);
        DataStream gate = job.source("trades", CollectionSource.of(Trade.class, TRADES).withBatchSize(64))
                .connect(limits)
                .process("gate", ThresholdFilter::new, Trade.class, Threshold.class, Passed.class, parallelism);
        Outputs out = new Outputs();
        out.sink(gate);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());
        out.assertExact();
    }

    /** Ways to misuse broadcast state, each with what its error must say. */
    enum Misuse {
        UNDECLARED_STATE(IllegalArgumentException.class,
                "broadcast state 'limitz' is not declared by agent 'gate': its broadcast stream declares 'limits'"),
        OTHER_TYPES(IllegalArgumentException.class, "broadcast state 'limits' of agent 'gate' is declared with keys"
                + " string and values double, asked for with keys string and values long"),
        WRITE_WHERE_READ_ONLY(UnsupportedOperationException.class, "broadcast state 'limits' of agent 'gate' is"
                + " read-only here (put): only processBroadcastElement may change it");

        final Class<? extends Exception> type;
        final String error;

        Misuse(Class<? extends Exception> type, String error) {
            this.type = type;
            this.error = error;
        }
    }

    /** Misuses broadcast state in {@code processElement} as its {@link Misuse} says. */
    public static final class Misusing extends BroadcastProcessFunction<Trade, Threshold, Passed> {
        private final Misuse misuse;

        Misusing(Misuse misuse) {
            this.misuse = misuse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void processElement(Trade trade, ReadOnlyContext ctx, Collector<Passed> out) throws Exception {
            switch (misuse) {
                case UNDECLARED_STATE -> ctx.getBroadcastState(new MapStateDescriptor<>("limitz", String.class, Double.class));
                case OTHER_TYPES -> ctx.getBroadcastState(new MapStateDescriptor<>("limits", String.class, Long.class));
                case WRITE_WHERE_READ_ONLY ->
                        ((BroadcastState<String, Double>) ctx.getBroadcastState(ThresholdData.LIMITS)).put(trade.symbol(), 1.0);
            }
        }

        @Override
        public void processBroadcastElement(Threshold threshold, Context ctx, Collector<Passed> out) {}
    }

    @ParameterizedTest
    @EnumSource(Misuse.class)
    void misusedBroadcastStateFailsTheJobNamingTheAgentAndTheState(Misuse misuse) throws Exception {
        JobBuilder job = JobBuilder.named("misuse");
        BroadcastStream limits = job.source("thresholds", CollectionSource.of(Threshold.class, THRESHOLDS))
                .broadcast(ThresholdData.LIMITS);
        job.source("trades", CollectionSource.of(Trade.class, TRADES.subList(0, 10)))
                .connect(limits)
                .process("gate", () -> new Misusing(misuse), Trade.class, Threshold.class, Passed.class, 1)
                .sinkTo("passed", CollectSink.of(Passed.class));
        JobExecutionException thrown = assertThrows(JobExecutionException.class, () -> node.execute(job.build()));
        assertInstanceOf(misuse.type, thrown.getCause(), "the error is the cause");
        assertTrue(thrown.getCause().getMessage().startsWith(misuse.error), thrown.getCause().getMessage());
    }

    @Test
    void twoDescriptorsOfOneNameAreRefusedWhenTheJobIsBuilt() {
        JobBuilder job = JobBuilder.named("twice");
        DataStream thresholds = job.source("thresholds", CollectionSource.of(Threshold.class, THRESHOLDS));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> thresholds.broadcast(
                ThresholdData.LIMITS, new MapStateDescriptor<>("limits", String.class, Long.class)));
        assertTrue(refused.getMessage().contains("declares broadcast state 'limits' twice"), refused.getMessage());
    }

    /** The streams swapped: the keyed side cannot be read as trades, and the build says which agent. */
    @Test
    void streamsOfOtherRecordTypesThanTheFunctionsAreRefusedWhenTheJobIsBuilt() {
        JobBuilder job = JobBuilder.named("swapped");
        BroadcastStream trades = job.source("trades", CollectionSource.of(Trade.class, TRADES))
                .broadcast(ThresholdData.LIMITS);
        DataStream thresholds = job.source("thresholds", CollectionSource.of(Threshold.class, THRESHOLDS));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> thresholds.keyBy("symbol")
                .connect(trades).process("gate", ThresholdGate::new, Trade.class, Threshold.class, Passed.class, 1));
        assertTrue(refused.getMessage().startsWith("agent 'gate': "), refused.getMessage());
    }
}
