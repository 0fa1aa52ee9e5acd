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

    /**
     * 3,000 readings of 20 keys, 5 ms apart with ±20 ms of disorder; every 50th is 200 ms late (its
     * timer is already behind the watermark when registered), and every 97th repeats the key and
     * time of the reading 40 before it (registering again a timer that has already fired).
     */
    static List<Reading> readings(long seed) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long ts = 1000 + i * 5L + random.nextInt(41) - 20;
            String key = "k" + random.nextInt(20);
            if (i % 50 == 49) {
                ts -= 200;
            }
            if (i % 97 == 96) {
                key = readings.get(i - 40).key();
                ts = readings.get(i - 40).ts();
            }
            readings.add(new Reading(key, ts, random.nextInt(10)));
        }
        return readings;
    }

    /**
     * Independently, one record at a time: before each record event time advances to its watermark
     * (if higher) and every pending timer at or before it fires; then the record's timers are
     * registered (one per key and time; a timer that already fired can be registered again). The
     * end of input advances to the maximum.
     */
    static List<Fired> expectedFirings(List<Reading> input) {
        long[] before = WatermarkRuntimeTest.watermarksBefore(input, BOUND);
        Map<String, Long> pending = new HashMap<>(); // "key@time" -> time
        List<Fired> expected = new ArrayList<>();
        long current = Long.MIN_VALUE;
        for (int i = 0; i <= input.size(); i++) {
            long watermark = i < input.size() ? before[i] : Long.MAX_VALUE;
            if (watermark > current) {
                current = watermark;
                var it = pending.entrySet().iterator();
                while (it.hasNext()) {
                    var timer = it.next();
                    if (timer.getValue() <= watermark) {
                        String key = timer.getKey().substring(0, timer.getKey().indexOf('@'));
                        expected.add(new Fired(key, timer.getValue(), timer.getValue(), watermark, "EVENT_TIME"));
                        it.remove();
                    }
                }
            }
            if (i < input.size()) {
                Reading r = input.get(i);
                pending.put(r.key() + "@" + (r.ts() + 50), r.ts() + 50);
                if (r.value() == 7) {
                    pending.put(r.key() + "@" + (r.ts() + FAR), r.ts() + FAR);
                }
            }
        }
        expected.sort(Comparator.comparing(Fired::key).thenComparingLong(Fired::time).thenComparingLong(Fired::watermark));
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
        copy.sort(Comparator.comparing(Fired::key).thenComparingLong(Fired::time).thenComparingLong(Fired::watermark));
        return copy;
    }

    @ParameterizedTest(name = "batches of {0}")
    @ValueSource(ints = {1, 7, 1000})
    void timersFireOnceAtTheFirstWatermarkReachingThemWhateverTheBatchSize(int batchSize) throws Exception {
        List<Reading> input = readings(1);
        List<Fired> expected = expectedFirings(input);
        assertTrue(expected.stream().anyMatch(f -> f.watermark() == Long.MAX_VALUE), "some fire at the end of input");
        assertTrue(expected.size() > expected.stream().map(f -> f.key() + "@" + f.time()).distinct().count(),
                "some timers fire again after being registered again");

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
    void eachAdvanceOfEventTimeFiresItsTimersInTimeOrder() throws Exception {
        List<Fired> fired = run(readings(2), 64, 1, StateBackendConfig.heap());
        for (int i = 1; i < fired.size(); i++) {
            Fired previous = fired.get(i - 1);
            Fired next = fired.get(i);
            boolean inOrder = previous.watermark() < next.watermark()
                    || previous.watermark() == next.watermark() && previous.time() <= next.time();
            assertTrue(inOrder, "firing " + i + " " + next + " after " + previous);
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
