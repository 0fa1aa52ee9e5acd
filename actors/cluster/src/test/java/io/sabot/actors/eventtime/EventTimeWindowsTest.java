package io.sabot.actors.eventtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessWindowFunction;
import io.sabot.actors.eventtime.ReferenceWindows.Kind;
import io.sabot.actors.eventtime.StatsAggregate.Stats;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.actors.graph.WindowedStream;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.records.RecordType;
import io.sabot.actors.runtime.JobResult;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import io.sabot.watermarks.windows.EventTimeSessionWindows;
import io.sabot.watermarks.windows.SlidingEventTimeWindows;
import io.sabot.watermarks.windows.TumblingEventTimeWindows;
import io.sabot.watermarks.windows.WindowAssigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Event-time windows on a real node against {@link ReferenceWindows} (a record-at-a-time model of
 * Flink's semantics) and against hand-computed cases: every window type, with and without allowed
 * lateness, the late side output, and results that do not depend on batch size or parallelism.
 */
class EventTimeWindowsTest extends OnOneNode {

    private static final long OUT_OF_ORDERNESS = 30;
    private static final OutputTag LATE = new OutputTag("late", RecordType.of(Reading.class).schema());

    /** Adds the key and the window to a window's statistics. */
    public static final class WithWindow extends ProcessWindowFunction<Stats, WindowStats, String> {
        @Override
        public void process(String key, Context context, Iterable<Stats> elements, Collector<WindowStats> out) {
            for (Stats s : elements) {
                out.collect(new WindowStats(key, context.window().start(), context.window().end(), s.count(), s.sum(),
                        s.min(), s.max()));
            }
        }
    }

    /** The same statistics computed from all the window's readings at once. */
    public static final class StatsOfAll extends ProcessWindowFunction<Reading, WindowStats, String> {
        @Override
        public void process(String key, Context context, Iterable<Reading> elements, Collector<WindowStats> out) {
            StatsAggregate aggregate = new StatsAggregate();
            Stats stats = aggregate.createAccumulator();
            for (Reading r : elements) {
                stats = aggregate.add(r, stats);
            }
            out.collect(new WindowStats(key, context.window().start(), context.window().end(), stats.count(),
                    stats.sum(), stats.min(), stats.max()));
        }
    }

    /** Readings of 5 keys, about 10 ms apart, shuffled by up to ±150 ms: many are later than 30 ms of disorder allows. */
    static List<Reading> readings(int count, long seed) {
        return readings(count, seed, 1_000);
    }

    static List<Reading> readings(int count, long seed, long firstTs) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ts = firstTs + i * 10L + random.nextInt(301) - 150;
            readings.add(new Reading("k" + random.nextInt(5), ts, 1 + random.nextInt(100)));
        }
        // sessions need gaps: leave a quiet period now and then
        return readings.stream().filter(r -> Math.floorDiv(r.ts(), 700) % 3 != 2).toList();
    }

    static WindowAssigner assigner(Kind kind) {
        return switch (kind) {
            case TUMBLING -> TumblingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(30));
            case SLIDING -> SlidingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(40));
            case SESSION -> EventTimeSessionWindows.withGap(Duration.ofMillis(25));
        };
    }

    static ReferenceWindows reference(Kind kind, long lateness) {
        return switch (kind) {
            case TUMBLING -> new ReferenceWindows(kind, 100, 100, 30, lateness, OUT_OF_ORDERNESS);
            case SLIDING -> new ReferenceWindows(kind, 100, 40, 0, lateness, OUT_OF_ORDERNESS);
            case SESSION -> new ReferenceWindows(kind, 25, 0, 0, lateness, OUT_OF_ORDERNESS);
        };
    }

    record Run(List<WindowStats> fired, List<Reading> late) {}

    private static WatermarkStrategy strategy(long outOfOrderness) {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(outOfOrderness))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    private static WindowedStream windowed(JobBuilder job, List<Reading> input, int batchSize, Kind kind, long lateness) {
        return windowed(job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(batchSize),
                strategy(OUT_OF_ORDERNESS)), kind, lateness);
    }

    private static WindowedStream windowed(DataStream readings, Kind kind, long lateness) {
        return readings
                .keyBy("key")
                .window(assigner(kind))
                .allowedLateness(Duration.ofMillis(lateness))
                .sideOutputLateData(LATE);
    }

    private static Run execute(JobBuilder job, DataStream windows, CollectSink<WindowStats> fired) throws Exception {
        CollectSink<Reading> late = CollectSink.of(Reading.class);
        windows.sinkTo("fired", fired);
        windows.getSideOutput(LATE).sinkTo("late", late);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());
        List<WindowStats> out = new ArrayList<>(fired.records());
        out.sort(null);
        List<Reading> lateOut = new ArrayList<>(late.records());
        lateOut.sort(Comparator.comparing(Reading::key).thenComparingLong(Reading::ts).thenComparingDouble(Reading::value));
        return new Run(out, lateOut);
    }

    private static Run runAggregate(List<Reading> input, int batchSize, int parallelism, Kind kind, long lateness,
                                    StateBackendConfig backend) throws Exception {
        JobBuilder job = JobBuilder.named("windows").stateBackend(backend);
        DataStream windows = windowed(job, input, batchSize, kind, lateness)
                .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, parallelism);
        return execute(job, windows, CollectSink.of(WindowStats.class));
    }

    private static Run expected(List<Reading> input, Kind kind, long lateness) {
        return sorted(reference(kind, lateness).run(input));
    }

    private static Run sorted(ReferenceWindows.Result result) {
        List<WindowStats> fired = new ArrayList<>(result.fired());
        fired.sort(null);
        List<Reading> late = new ArrayList<>(result.late());
        late.sort(Comparator.comparing(Reading::key).thenComparingLong(Reading::ts).thenComparingDouble(Reading::value));
        return new Run(fired, late);
    }

    static Stream<Arguments> everyWindowTypeLatenessAndBatchSize() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (long lateness : new long[] {0, 80}) {
                for (int batchSize : new int[] {1, 7, 1000}) {
                    cases.add(Arguments.of(kind, lateness, batchSize));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} windows, allowed lateness {1} ms, batches of {2}")
    @MethodSource("everyWindowTypeLatenessAndBatchSize")
    void windowsFireAsFlinkDoesWhateverTheBatchSize(Kind kind, long lateness, int batchSize) throws Exception {
        List<Reading> input = readings(1500, 7);
        Run expected = expected(input, kind, lateness);
        assertTrue(expected.late().size() > 5, "the input has late records: " + expected.late().size());
        if (lateness > 0) {
            long updates = expected.fired().size() - expected.fired().stream()
                    .map(s -> s.key() + s.start() + "/" + s.end()).distinct().count();
            assertTrue(updates > 0, "late records within the allowed lateness update windows");
        }

        Run actual = runAggregate(input, batchSize, 2, kind, lateness, StateBackendConfig.heap());

        assertEquals(expected.fired(), actual.fired());
        assertEquals(expected.late(), actual.late());
    }

    @Test
    void theRocksDbBackendGivesTheSameWindows(@TempDir Path dir) throws Exception {
        List<Reading> input = readings(1500, 11);
        StateBackendConfig rocksDb = new StateBackendConfig(StateBackendKind.ROCKSDB, dir,
                StateBackendConfig.of(StateBackendKind.ROCKSDB).rocksDb());
        for (Kind kind : Kind.values()) {
            Run actual = runAggregate(input, 64, 3, kind, 80, rocksDb);
            assertEquals(expected(input, kind, 80), actual, kind + " windows on RocksDB");
        }
    }

    @Test
    void aProcessWindowFunctionSeesEveryElementAndAgreesWithTheAggregate() throws Exception {
        List<Reading> input = readings(800, 3);
        for (Kind kind : Kind.values()) {
            JobBuilder job = JobBuilder.named("all-elements");
            DataStream windows = windowed(job, input, 50, kind, 80)
                    .process("stats", StatsOfAll::new, Reading.class, WindowStats.class, 2);
            Run actual = execute(job, windows, CollectSink.of(WindowStats.class));
            assertEquals(expected(input, kind, 80), actual, kind + " windows with a process function");
        }
    }

    @Test
    void aReduceFoldsEachWindowInArrivalOrder() throws Exception {
        List<Reading> input = readings(800, 5);
        JobBuilder job = JobBuilder.named("reduce");
        CollectSink<Reading> sums = CollectSink.of(Reading.class);
        windowed(job, input, 33, Kind.TUMBLING, 0)
                .reduce("sum", () -> (a, b) -> new Reading(a.key(), Math.max(a.ts(), b.ts()), a.value() + b.value()),
                        Reading.class, 2)
                .sinkTo("sums", sums);
        assertTrue(node.execute(job.build()).succeeded());

        List<Double> expectedSums = expected(input, Kind.TUMBLING, 0).fired().stream()
                .map(WindowStats::sum).sorted().toList();
        List<Double> actualSums = sums.records().stream().map(Reading::value).sorted().toList();
        assertEquals(expectedSums, actualSums);
    }

    @Test
    void aSmallTumblingCaseComputedByHand() throws Exception {
        // 10 ms windows, 5 ms disorder (watermark = max ts - 6), no lateness.
        List<Reading> input = List.of(
                new Reading("a", 1, 1),    // [0,10)
                new Reading("a", 12, 2),   // [10,20); watermark before it: -inf
                new Reading("a", 8, 4),    // watermark 6: [0,10) still open (ends at 9)
                new Reading("a", 17, 8),   // watermark 6
                new Reading("a", 9, 16),   // watermark 11 >= 9: [0,10) fired before this row: late
                new Reading("a", 25, 32),  // watermark 11
                new Reading("a", 18, 64)); // watermark 19 >= 19: [10,20) fired: late
        JobBuilder job = JobBuilder.named("by-hand");
        DataStream windows = job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(100),
                        WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(5))
                                .withTimestampAssigner(TimestampAssigner.column("ts")))
                .keyBy("key")
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
                .sideOutputLateData(LATE)
                .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 1);

        Run run = execute(job, windows, CollectSink.of(WindowStats.class));

        assertEquals(List.of(
                new WindowStats("a", 0, 10, 2, 5, 1, 4),
                new WindowStats("a", 10, 20, 2, 10, 2, 8),
                new WindowStats("a", 20, 30, 1, 32, 32, 32)), run.fired());
        assertEquals(List.of(new Reading("a", 9, 16), new Reading("a", 18, 64)), run.late());
    }

    @Test
    void aLateRecordWithinTheAllowedLatenessFiresAnUpdatedWindow() throws Exception {
        // 10 ms windows, no disorder allowed (watermark = max ts - 1), 10 ms allowed lateness.
        List<Reading> input = List.of(
                new Reading("a", 5, 1),
                new Reading("a", 12, 2),   // watermark 4
                new Reading("a", 3, 4),    // watermark 11: [0,10) has fired (1); within lateness: fires (1+4)
                new Reading("a", 21, 8),   // watermark 11
                new Reading("a", 7, 16));  // watermark 20 >= 9 + 10: [0,10) is gone: late
        JobBuilder job = JobBuilder.named("lateness");
        DataStream windows = job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(2),
                        WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner(TimestampAssigner.column("ts")))
                .keyBy("key")
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
                .allowedLateness(Duration.ofMillis(10))
                .sideOutputLateData(LATE)
                .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 1);

        Run run = execute(job, windows, CollectSink.of(WindowStats.class));

        assertEquals(List.of(
                new WindowStats("a", 0, 10, 1, 1, 1, 1),
                new WindowStats("a", 0, 10, 2, 5, 1, 4),
                new WindowStats("a", 10, 20, 1, 2, 2, 2),
                new WindowStats("a", 20, 30, 1, 8, 8, 8)), run.fired());
        assertEquals(List.of(new Reading("a", 7, 16)), run.late());
    }

    @Test
    void aRecordBridgingTwoSessionsMergesThem() throws Exception {
        // gap 10; disorder 100 so nothing fires before the end.
        List<Reading> input = List.of(
                new Reading("a", 0, 1),    // session [0,10)
                new Reading("a", 30, 2),   // session [30,40)
                new Reading("a", 15, 4),   // [15,25): touches neither ([0,10) ends at 10, [30,40) starts at 30)
                new Reading("a", 22, 8),   // [22,32) overlaps [15,25) and [30,40): all merge into [15,40)
                new Reading("b", 5, 16));  // another key: its own session
        JobBuilder job = JobBuilder.named("sessions");
        DataStream windows = job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(1),
                        WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(100))
                                .withTimestampAssigner(TimestampAssigner.column("ts")))
                .keyBy("key")
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(10)))
                .sideOutputLateData(LATE)
                .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 1);

        Run run = execute(job, windows, CollectSink.of(WindowStats.class));

        assertEquals(List.of(
                new WindowStats("a", 0, 10, 1, 1, 1, 1),
                new WindowStats("a", 15, 40, 3, 14, 2, 8),
                new WindowStats("b", 5, 15, 1, 16, 16, 16)), run.fired());
    }

    @Test
    void negativeTimestampsAndANegativeOffsetFollowTheSameRules() throws Exception {
        List<Reading> input = readings(1200, 13, -6_000); // from about -6 s to +6 s
        for (Kind kind : Kind.values()) {
            JobBuilder job = JobBuilder.named("negative");
            WindowAssigner assigner = kind == Kind.TUMBLING
                    ? TumblingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(-30)) : assigner(kind);
            DataStream windows = job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(64),
                            strategy(OUT_OF_ORDERNESS))
                    .keyBy("key").window(assigner).allowedLateness(Duration.ofMillis(80)).sideOutputLateData(LATE)
                    .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 2);
            ReferenceWindows reference = kind == Kind.TUMBLING
                    ? new ReferenceWindows(kind, 100, 100, -30, 80, OUT_OF_ORDERNESS) : reference(kind, 80);
            assertEquals(sorted(reference.run(input)), execute(job, windows, CollectSink.of(WindowStats.class)),
                    kind + " windows around 0");
        }
    }

    @Test
    void windowsFireAtTheEndOfInputEvenWhenTheInputWentIdleBefore() throws Exception {
        List<Reading> input = readings(300, 17);
        // all readings at once, then silent (idle after 50 ms) for half a second, then the input ends
        ScriptedSource source = new ScriptedSource(100,
                new ScriptedSource.Script(0, input, ScriptedSource.afterSilence(500)));
        JobBuilder job = JobBuilder.named("idle-at-the-end");
        DataStream windows = windowed(job.source("readings", source,
                strategy(OUT_OF_ORDERNESS).withIdleness(Duration.ofMillis(50))), Kind.TUMBLING, 0)
                .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 1);

        Run run = execute(job, windows, CollectSink.of(WindowStats.class));

        assertEquals(expected(input, Kind.TUMBLING, 0), run, "the last windows fire with the end of input");
    }

    @Test
    void windowsOverAParallelSourceWaitForTheSlowestInput() throws Exception {
        // Two source subtasks with their own readings; each is in order within the bound, so nothing is
        // late whatever the interleaving, and every window fires once, complete.
        List<Reading> first = readings(600, 19).stream().filter(r -> r.key().compareTo("k2") < 0).toList();
        List<Reading> second = readings(600, 23).stream().filter(r -> r.key().compareTo("k2") >= 0).toList();
        ScriptedSource source = new ScriptedSource(25,
                new ScriptedSource.Script(0, first, () -> true), new ScriptedSource.Script(0, second, () -> true));
        JobBuilder job = JobBuilder.named("parallel-source");
        DataStream windows = windowed(job.source("readings", source, strategy(400), 2), Kind.SLIDING, 0)
                .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 2);

        Run run = execute(job, windows, CollectSink.of(WindowStats.class));

        List<Reading> all = new ArrayList<>(first);
        all.addAll(second);
        Run expected = sorted(new ReferenceWindows(Kind.SLIDING, 100, 40, 0, 0, 1_000_000).run(all));
        assertEquals(expected, run);
        assertTrue(run.late().isEmpty());
    }

    /** Emits the window's values in the order the function receives them, as digits of one number. */
    public static final class ArrivalOrder extends ProcessWindowFunction<Reading, WindowStats, String> {
        @Override
        public void process(String key, Context context, Iterable<Reading> elements, Collector<WindowStats> out) {
            double digits = 0;
            long count = 0;
            for (Reading r : elements) {
                digits = digits * 10 + r.value();
                count++;
            }
            out.collect(new WindowStats(key, context.window().start(), context.window().end(), count, digits, 0, 0));
        }
    }

    @Test
    void aProcessWindowFunctionGetsTheElementsInArrivalOrder() throws Exception {
        List<Reading> input = List.of(new Reading("a", 5, 3), new Reading("a", 1, 1), new Reading("a", 9, 4),
                new Reading("a", 2, 1), new Reading("a", 7, 5), new Reading("a", 12, 9), new Reading("a", 11, 2));
        JobBuilder job = JobBuilder.named("arrival-order");
        DataStream windows = job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(3),
                        strategy(100))
                .keyBy("key").window(TumblingEventTimeWindows.of(Duration.ofMillis(10))).sideOutputLateData(LATE)
                .process("order", ArrivalOrder::new, Reading.class, WindowStats.class, 1);

        Run run = execute(job, windows, CollectSink.of(WindowStats.class));

        assertEquals(List.of(new WindowStats("a", 0, 10, 5, 31415, 0, 0), new WindowStats("a", 10, 20, 2, 92, 0, 0)),
                run.fired());
    }

    @Test
    void windowsNeedEventTimeAndLateDataHasTheInputSchema() {
        JobBuilder job = JobBuilder.named("no-event-time");
        var keyed = job.source("readings", CollectionSource.of(Reading.class, List.of())).keyBy("key");
        IllegalArgumentException noTime = assertThrows(IllegalArgumentException.class, () -> keyed
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 1));
        assertTrue(noTime.getMessage().contains("needs event time"), noTime.getMessage());

        JobBuilder other = JobBuilder.named("wrong-late-schema");
        OutputTag wrong = new OutputTag("late", RecordType.of(WindowStats.class).schema());
        IllegalArgumentException badTag = assertThrows(IllegalArgumentException.class, () ->
                other.source("readings", CollectionSource.of(Reading.class, List.of()),
                                WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner(TimestampAssigner.column("ts")))
                        .keyBy("key")
                        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                        .sideOutputLateData(wrong)
                        .aggregate("stats", StatsAggregate::new, WithWindow::new, Reading.class, WindowStats.class, 1));
        assertTrue(badTag.getMessage().contains("late records have the input's schema"), badTag.getMessage());
    }
}
