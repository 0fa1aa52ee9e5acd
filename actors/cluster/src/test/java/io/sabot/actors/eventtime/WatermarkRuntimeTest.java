package io.sabot.actors.eventtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.eventtime.ScriptedSource.Script;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.runtime.JobResult;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkGenerator;
import io.sabot.watermarks.strategy.WatermarkOutput;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The watermark an agent sees before each record, on a real node: generated per record at the
 * source (the record before the watermark it causes), combined over input channels as the minimum,
 * with idle channels left out.
 */
class WatermarkRuntimeTest extends OnOneNode {

    private static final long BOUND = 20;

    public record Seen(String key, long ts, double value, long watermark) {}

    /** Reports the watermark in effect when each record is processed. */
    public static final class ReportWatermark extends KeyedProcessFunction<String, Reading, Seen> {
        static final AtomicInteger PROCESSED = new AtomicInteger();

        @Override
        public void processElement(Reading r, Context ctx, Collector<Seen> out) {
            PROCESSED.incrementAndGet();
            out.collect(new Seen(r.key(), r.ts(), r.value(), ctx.timerService().currentWatermark()));
        }
    }

    /** Flink's bounded out-of-orderness, emitted after every record: max timestamp so far − bound − 1. */
    static long[] watermarksBefore(List<Reading> input, long bound) {
        long[] watermarks = new long[input.size()];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < input.size(); i++) {
            watermarks[i] = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - bound - 1;
            max = Math.max(max, input.get(i).ts());
        }
        return watermarks;
    }

    private static WatermarkStrategy strategy() {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(BOUND))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    /** The readings of one source subtask, numbered by value so each can be found in the output. */
    private static List<Reading> numbered(int from, int count, long firstTs) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ts = firstTs + i * 3L + (i % 7 == 3 ? -25 : 0); // some out of order
            readings.add(new Reading("k" + (i % 4), ts, from + i));
        }
        return readings;
    }

    @ParameterizedTest(name = "batches of {0}")
    @ValueSource(ints = {1, 7, 1000})
    void everyRecordSeesTheWatermarkGeneratedBeforeItWhateverTheBatchSize(int batchSize) throws Exception {
        List<Reading> input = numbered(0, 2000, 10_000);
        CollectSink<Seen> sink = CollectSink.of(Seen.class);
        JobBuilder job = JobBuilder.named("per-record");
        job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(batchSize), strategy())
                .keyBy("key").process("report", ReportWatermark::new, Reading.class, Seen.class, 3)
                .sinkTo("out", sink);
        assertTrue(node.execute(job.build()).succeeded());

        long[] expected = watermarksBefore(input, BOUND);
        List<Seen> seen = sink.records();
        assertEquals(input.size(), seen.size());
        for (Seen s : seen) {
            int i = (int) s.value();
            assertEquals(expected[i], s.watermark(), "watermark before record " + i);
        }
    }

    @Test
    void anAgentFollowsTheSlowestOfItsInputs() throws Exception {
        List<Reading> fast = numbered(0, 3000, 100_000);
        List<Reading> slow = numbered(10_000, 50, 1_000);
        long slowWatermark = slow.stream().mapToLong(Reading::ts).max().orElseThrow() - BOUND - 1;
        ReportWatermark.PROCESSED.set(0);
        // The slow input ends only once every fast record was processed, so none saw it end.
        ScriptedSource source = new ScriptedSource(100,
                new Script(0, fast, () -> true),
                new Script(0, slow, () -> ReportWatermark.PROCESSED.get() >= fast.size() + slow.size()));
        CollectSink<Seen> sink = CollectSink.of(Seen.class);
        JobBuilder job = JobBuilder.named("minimum");
        job.source("readings", source, strategy(), 2)
                .keyBy("key").process("report", ReportWatermark::new, Reading.class, Seen.class, 1)
                .sinkTo("out", sink);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());

        List<Seen> seen = sink.records();
        assertEquals(fast.size() + slow.size(), seen.size());
        long[] fastOwn = watermarksBefore(fast, BOUND);
        for (Seen s : seen) {
            assertTrue(s.watermark() <= slowWatermark, "record " + s + " saw more than the slow input's watermark "
                    + slowWatermark);
            if (s.value() < 10_000) {
                assertTrue(s.watermark() <= fastOwn[(int) s.value()], "and no more than its own input's");
            }
        }
    }

    @Test
    void anIdleInputStopsHoldingTheWatermarkBack() throws Exception {
        List<Reading> active = numbered(0, 500, 50_000);
        ReportWatermark.PROCESSED.set(0);
        // Subtask 1 has no data at all; subtask 0 starts after subtask 1 has had time to turn idle.
        ScriptedSource source = new ScriptedSource(50,
                new Script(600, active, () -> true),
                new Script(0, List.of(), () -> ReportWatermark.PROCESSED.get() >= active.size()));
        CollectSink<Seen> sink = CollectSink.of(Seen.class);
        JobBuilder job = JobBuilder.named("idleness");
        job.source("readings", source, strategy().withIdleness(Duration.ofMillis(50)), 2)
                .keyBy("key").process("report", ReportWatermark::new, Reading.class, Seen.class, 1)
                .sinkTo("out", sink);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());

        long[] expected = watermarksBefore(active, BOUND);
        List<Seen> seen = sink.records();
        assertEquals(active.size(), seen.size());
        for (Seen s : seen) {
            assertEquals(expected[(int) s.value()], s.watermark(), "the idle input is left out of the minimum");
        }
    }

    /** Announces idleness at its first periodic check, then emits a watermark just below each record's time. */
    static final class IdleAtFirst implements WatermarkGenerator {
        private boolean announced;

        @Override
        public void onEvent(long eventTimestamp, WatermarkOutput output) {
            output.emitWatermark(eventTimestamp - 1);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (!announced) {
                announced = true;
                output.markIdle();
            }
        }
    }

    @Test
    void aHigherWatermarkMakesAnIdleInputActiveAgain() throws Exception {
        List<Reading> input = numbered(0, 300, 20_000);
        // silent for 300 ms first: the generator marks the input idle, then records and watermarks come
        ScriptedSource source = new ScriptedSource(20, new Script(300, input, () -> true));
        CollectSink<Seen> sink = CollectSink.of(Seen.class);
        JobBuilder job = JobBuilder.named("idle-then-active");
        job.source("readings", source, WatermarkStrategy.forGenerator(IdleAtFirst::new)
                        .withTimestampAssigner(TimestampAssigner.column("ts")))
                .keyBy("key").process("report", ReportWatermark::new, Reading.class, Seen.class, 1)
                .sinkTo("out", sink);
        assertTrue(node.execute(job.build()).succeeded());

        long[] expected = watermarksBefore(input, 0);
        for (Seen s : sink.records()) {
            assertEquals(expected[(int) s.value()], s.watermark(), "watermark before record " + (int) s.value());
        }
        assertEquals(input.size(), sink.records().size());
    }
}
