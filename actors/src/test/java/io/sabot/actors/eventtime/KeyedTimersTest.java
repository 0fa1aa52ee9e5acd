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
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import io.sabot.watermarks.timers.TimeDomain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyed timers of a {@link KeyedProcessFunction} on a real node: one timer per (key, time), fired
 * once, in time order, at the first watermark that reaches it (per record, whatever the batch size),
 * never after being deleted, all of them at the end of a bounded input; processing-time timers on
 * the wall clock; the same on RocksDB.
 */
class KeyedTimersTest extends OnOneNode {

    private static final long BOUND = 10;
    private static final long FAR = 1_000_000_000L;

    public record Fired(String key, long time, long timestamp, long watermark, String domain) {}

    /**
     * Registers a timer 50 ms after each record (twice: one timer), one far in the future for every
     * record of value 7 (fires only at the end of input), and one it deletes right away.
     */
    public static final class TimerPerRecord extends KeyedProcessFunction<String, Reading, Fired> {
        @Override
        public void processElement(Reading r, Context ctx, Collector<Fired> out) {
            ctx.timerService().registerEventTimeTimer(r.ts() + 50);
            ctx.timerService().registerEventTimeTimer(r.ts() + 50);
            if (r.value() == 7) {
                ctx.timerService().registerEventTimeTimer(r.ts() + FAR);
            }
            ctx.timerService().registerEventTimeTimer(r.ts() + 2 * FAR);
            ctx.timerService().deleteEventTimeTimer(r.ts() + 2 * FAR);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Fired> out) {
            out.collect(new Fired(ctx.getCurrentKey(), timestamp, ctx.timestamp(), ctx.timerService().currentWatermark(),
                    ctx.timeDomain().name()));
        }
    }

    static List<Reading> readings(long seed) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            readings.add(new Reading("k" + random.nextInt(20), 1000 + i * 5L + random.nextInt(41) - 20, random.nextInt(10)));
        }
        return readings;
    }

    /**
     * Independently: each distinct (key, time) fires once, at the first watermark that advances
     * event time to it or beyond after the timer was registered; the watermarks are the per-record
     * ones, then the end of input's maximum.
     */
    static List<Fired> expectedFirings(List<Reading> input) {
        long[] before = WatermarkRuntimeTest.watermarksBefore(input, BOUND);
        Map<String, Integer> registeredAt = new HashMap<>(); // "key@time" -> record index of first registration
        for (int i = 0; i < input.size(); i++) {
            Reading r = input.get(i);
            registeredAt.putIfAbsent(r.key() + "@" + (r.ts() + 50), i);
            if (r.value() == 7) {
                registeredAt.putIfAbsent(r.key() + "@" + (r.ts() + FAR), i);
            }
        }
        List<Fired> expected = new ArrayList<>();
        for (Map.Entry<String, Integer> timer : registeredAt.entrySet()) {
            String key = timer.getKey().substring(0, timer.getKey().indexOf('@'));
            long time = Long.parseLong(timer.getKey().substring(timer.getKey().indexOf('@') + 1));
            long current = before[timer.getValue()];
            long firedAt = Long.MAX_VALUE;
            for (int j = timer.getValue() + 1; j < input.size(); j++) {
                if (before[j] > current && before[j] >= time) {
                    firedAt = before[j];
                    break;
                }
                current = Math.max(current, before[j]);
            }
            expected.add(new Fired(key, time, time, firedAt, "EVENT_TIME"));
        }
        expected.sort(Comparator.comparing(Fired::key).thenComparingLong(Fired::time));
        return expected;
    }

    private static List<Fired> run(List<Reading> input, int batchSize, int parallelism, StateBackendConfig backend)
            throws Exception {
        CollectSink<Fired> sink = CollectSink.of(Fired.class);
        JobBuilder job = JobBuilder.named("timers").stateBackend(backend);
        job.source("readings", CollectionSource.of(Reading.class, input).withBatchSize(batchSize),
                        WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(BOUND))
                                .withTimestampAssigner(TimestampAssigner.column("ts")))
                .keyBy("key").process("timers", TimerPerRecord::new, Reading.class, Fired.class, parallelism)
                .sinkTo("out", sink);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());
        return sink.records();
    }

    private static List<Fired> sorted(List<Fired> fired) {
        List<Fired> copy = new ArrayList<>(fired);
        copy.sort(Comparator.comparing(Fired::key).thenComparingLong(Fired::time));
        return copy;
    }

    @ParameterizedTest(name = "batches of {0}")
    @ValueSource(ints = {1, 7, 1000})
    void timersFireOnceAtTheFirstWatermarkReachingThemWhateverTheBatchSize(int batchSize) throws Exception {
        List<Reading> input = readings(1);
        List<Fired> expected = expectedFirings(input);
        assertTrue(expected.stream().anyMatch(f -> f.watermark() == Long.MAX_VALUE), "some fire at the end of input");

        List<Fired> fired = run(input, batchSize, 1, StateBackendConfig.heap());

        assertSameFirings(expected, sorted(fired));
    }

    /**
     * With several subtasks, a subtask only sees the watermarks carried by its own rows and those
     * sent after each batch: a timer may fire at a later watermark than it would with every
     * source row followed by its own watermark, but still before that subtask's next row, which is
     * all its output depends on.
     */
    @Test
    void withSeveralSubtasksEveryTimerFiresOnceAfterItsTime() throws Exception {
        List<Reading> input = readings(4);
        List<Fired> expected = expectedFirings(input);

        List<Fired> fired = sorted(run(input, 7, 3, StateBackendConfig.heap()));

        assertSameFirings(withoutWatermarks(expected), withoutWatermarks(fired));
        for (Fired f : fired) {
            assertTrue(f.watermark() >= f.time(), f + " fired before its time");
        }
    }

    private static List<Fired> withoutWatermarks(List<Fired> fired) {
        return fired.stream().map(f -> new Fired(f.key(), f.time(), f.timestamp(), 0, f.domain())).toList();
    }

    /** Names the first difference (the lists are long). */
    private static void assertSameFirings(List<Fired> expected, List<Fired> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "firing " + i + " of " + expected.size());
        }
        assertEquals(expected.size(), actual.size(), "firings");
    }

    @Test
    void timersFireInTimeOrder() throws Exception {
        List<Fired> fired = run(readings(2), 64, 1, StateBackendConfig.heap());
        for (int i = 1; i < fired.size(); i++) {
            assertTrue(fired.get(i - 1).time() <= fired.get(i).time(), "firing " + i + " is not before firing " + (i - 1));
        }
        assertTrue(fired.size() > 1000);
    }

    @Test
    void rocksDbTimersBehaveTheSame(@TempDir Path dir) throws Exception {
        List<Reading> input = readings(3);
        StateBackendConfig rocksDb = new StateBackendConfig(StateBackendKind.ROCKSDB, dir,
                StateBackendConfig.of(StateBackendKind.ROCKSDB).rocksDb());
        assertSameFirings(expectedFirings(input), sorted(run(input, 100, 1, rocksDb)));
    }

    /** Registers a processing-time timer 100 ms ahead for each record. */
    public static final class WallClockTimer extends KeyedProcessFunction<String, Reading, Fired> {
        @Override
        public void processElement(Reading r, Context ctx, Collector<Fired> out) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 100);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Fired> out) {
            long late = ctx.timerService().currentProcessingTime() - timestamp;
            out.collect(new Fired(ctx.getCurrentKey(), timestamp, late, ctx.timerService().currentWatermark(),
                    ctx.timeDomain().name()));
        }
    }

    @Test
    void processingTimeTimersFireOnTheWallClock() throws Exception {
        List<Reading> input = List.of(new Reading("a", 1, 1), new Reading("b", 2, 2));
        CollectSink<Fired> sink = CollectSink.of(Fired.class);
        JobBuilder job = JobBuilder.named("wall-clock");
        // the source stays open for a second after its records, so the job is still running when the timers are due
        job.source("readings", new ScriptedSource(10,
                                new Script(0, input, ScriptedSource.afterSilence(1000))),
                        WatermarkStrategy.forMonotonousTimestamps().withTimestampAssigner(TimestampAssigner.column("ts")))
                .keyBy("key").process("timers", WallClockTimer::new, Reading.class, Fired.class, 1)
                .sinkTo("out", sink);
        assertTrue(node.execute(job.build()).succeeded());

        List<Fired> fired = sorted(sink.records());
        assertEquals(List.of("a", "b"), fired.stream().map(Fired::key).toList());
        for (Fired f : fired) {
            assertEquals(TimeDomain.PROCESSING_TIME.name(), f.domain());
            assertTrue(f.timestamp() >= 0, "fired " + f.timestamp() + " ms before its time");
        }
    }
}
