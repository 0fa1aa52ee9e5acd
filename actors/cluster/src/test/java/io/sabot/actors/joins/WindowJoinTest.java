package io.sabot.actors.joins;

import static io.sabot.actors.joins.ReferenceJoins.BOUND;
import static io.sabot.actors.joins.ReferenceJoins.RIGHT_IDS;
import static io.sabot.actors.joins.ReferenceJoins.assertNeverLate;
import static io.sabot.actors.joins.ReferenceJoins.assertSamePairs;
import static io.sabot.actors.joins.ReferenceJoins.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.CoGroupFunction;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.joins.JoinFunctions.Stamp;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.testing.OnOneNode;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The window join (and coGroup) on a real node: Flink's documented tumbling and session examples
 * give their documented pairs, and out-of-order input of several keys gives exactly the pairs a
 * nested loop over both inputs finds per window (tumbling, sliding, session), at parallelism 1 and
 * 3, whatever the batch size, each pair stamped with its window's last millisecond; on RocksDB too.
 * Lateness and state removal are pinned down in {@link WindowJoinStateTest}.
 */
class WindowJoinTest extends OnOneNode {

    private static WatermarkStrategy strategy() {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(BOUND))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    private static List<Pair> run(List<Event> lefts, List<Event> rights, WindowAssigner windows, int batchSize,
                                  int parallelism, StateBackendConfig backend) throws Exception {
        CollectSink<Pair> sink = CollectSink.of(Pair.class);
        JobBuilder job = JobBuilder.named("window-join").stateBackend(backend);
        DataStream left = job.source("left", CollectionSource.of(Event.class, lefts).withBatchSize(batchSize), strategy());
        DataStream right = job.source("right", CollectionSource.of(Event.class, rights).withBatchSize(batchSize),
                strategy());
        left.join(right).where("key").equalTo("key").window(windows)
                .apply("join", () -> (l, r) -> new Pair(l.key(), l.id(), r.id(), l.ts(), r.ts(), Long.MIN_VALUE),
                        Event.class, Event.class, Pair.class, parallelism)
                .process("stamp", Stamp::new, Pair.class, Pair.class, 1)
                .sinkTo("out", sink);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());
        return sink.records();
    }

    private static List<Event> at(long idBase, long... times) {
        List<Event> events = new ArrayList<>();
        for (long t : times) {
            events.add(new Event("k", t, idBase + t));
        }
        return events;
    }

    /** The pair of orange {@code o} and green {@code g}, emitted by the window whose last millisecond is {@code maxTimestamp}. */
    private static Pair pair(long o, long g, long maxTimestamp) {
        return new Pair("k", o, RIGHT_IDS + g, o, g, maxTimestamp);
    }

    /**
     * Flink's documentation (Joining, Tumbling Window Join): orange 0…7 and green 0, 1, 3, 4 in
     * tumbling windows of 2 ms give 0,0 0,1 1,0 1,1 in [0, 2), 2,3 3,3 in [2, 4), 4,4 5,4 in [4, 6)
     * and nothing in [6, 8) (no green there).
     */
    @Test
    void flinksDocumentedTumblingWindowJoin() throws Exception {
        List<Pair> pairs = run(at(0, 0, 1, 2, 3, 4, 5, 6, 7), at(RIGHT_IDS, 0, 1, 3, 4),
                TumblingEventTimeWindows.of(Duration.ofMillis(2)), 3, 1, StateBackendConfig.heap());

        assertSamePairs(ReferenceJoins.sorted(List.of(pair(0, 0, 1), pair(0, 1, 1), pair(1, 0, 1), pair(1, 1, 1),
                pair(2, 3, 3), pair(3, 3, 3), pair(4, 4, 5), pair(5, 4, 5))), pairs);
    }

    /**
     * Flink's documentation (Joining, Session Window Join): orange 1, 2, 5, 6, 8, 9 and green 0, 4, 5
     * with a gap of 1 ms give 1,0 2,0 in the first session, 5,4 5,5 6,4 6,5 in the second, nothing in
     * the third (no green). Windows that touch merge, so the sessions are [0, 3), [4, 7), [8, 10).
     */
    @Test
    void flinksDocumentedSessionWindowJoin() throws Exception {
        List<Pair> pairs = run(at(0, 1, 2, 5, 6, 8, 9), at(RIGHT_IDS, 0, 4, 5),
                EventTimeSessionWindows.withGap(Duration.ofMillis(1)), 2, 1, StateBackendConfig.heap());

        assertSamePairs(ReferenceJoins.sorted(List.of(pair(1, 0, 2), pair(2, 0, 2), pair(5, 4, 6), pair(5, 5, 6),
                pair(6, 4, 6), pair(6, 5, 6))), pairs);
    }

    enum Kind { TUMBLING, SLIDING, SESSION }

    private static WindowAssigner assigner(Kind kind) {
        return switch (kind) {
            case TUMBLING -> TumblingEventTimeWindows.of(Duration.ofMillis(20), Duration.ofMillis(5));
            case SLIDING -> SlidingEventTimeWindows.of(Duration.ofMillis(30), Duration.ofMillis(10));
            case SESSION -> EventTimeSessionWindows.withGap(Duration.ofMillis(8));
        };
    }

    private static List<Pair> reference(Kind kind, List<Event> lefts, List<Event> rights) {
        return switch (kind) {
            case TUMBLING -> ReferenceJoins.slidingWindowJoin(lefts, rights, 20, 20, 5);
            case SLIDING -> ReferenceJoins.slidingWindowJoin(lefts, rights, 30, 10, 0);
            case SESSION -> ReferenceJoins.sessionWindowJoin(lefts, rights, 8);
        };
    }

    static Stream<Arguments> windowsParallelismAndBatches() {
        return Stream.of(
                Arguments.of(Kind.TUMBLING, 1, 1),
                Arguments.of(Kind.TUMBLING, 3, 7),
                Arguments.of(Kind.TUMBLING, 3, 1000),
                Arguments.of(Kind.SLIDING, 1, 1000),
                Arguments.of(Kind.SLIDING, 3, 7),
                Arguments.of(Kind.SESSION, 1, 7),
                Arguments.of(Kind.SESSION, 3, 1),
                Arguments.of(Kind.SESSION, 3, 1000));
    }

    @ParameterizedTest(name = "{0} windows, parallelism {1}, batches of {2}")
    @MethodSource("windowsParallelismAndBatches")
    void outOfOrderInputGivesThePairsOfANestedLoopPerWindow(Kind kind, int parallelism, int batchSize)
            throws Exception {
        List<Event> lefts = events(800, 5, 51, 0);
        List<Event> rights = events(800, 5, 52, RIGHT_IDS);
        assertNeverLate(lefts, BOUND);
        assertNeverLate(rights, BOUND);
        List<Pair> expected = reference(kind, lefts, rights);
        assertTrue(expected.size() > 500, "enough pairs to mean something: " + expected.size());

        assertSamePairs(expected, run(lefts, rights, assigner(kind), batchSize, parallelism, StateBackendConfig.heap()));
    }

    @Test
    void onRocksDbTheSamePairs(@TempDir Path dir) throws Exception {
        List<Event> lefts = events(800, 5, 61, 0);
        List<Event> rights = events(800, 5, 62, RIGHT_IDS);
        StateBackendConfig rocksDb = new StateBackendConfig(StateBackendKind.ROCKSDB, dir,
                StateBackendConfig.of(StateBackendKind.ROCKSDB).rocksDb());

        assertSamePairs(reference(Kind.SESSION, lefts, rights),
                run(lefts, rights, assigner(Kind.SESSION), 100, 3, rocksDb));
    }

    /** Per key and window, how many elements each side had (the window named by its start). */
    public record Group(String key, long windowStart, long lefts, long rights) {}

    /** Counts both sides of a tumbling window of 20 ms. */
    public static final class CountBoth implements CoGroupFunction<Event, Event, Group> {
        @Override
        public void coGroup(Iterable<Event> first, Iterable<Event> second, io.sabot.actors.api.Collector<Group> out) {
            long lefts = 0;
            long rights = 0;
            Event any = null;
            for (Event e : first) {
                lefts++;
                any = e;
            }
            for (Event e : second) {
                rights++;
                any = e;
            }
            out.collect(new Group(any.key(), Math.floorDiv(any.ts(), 20) * 20, lefts, rights));
        }
    }

    @Test
    void coGroupSeesEveryWindowWithElementsOnEitherSide() throws Exception {
        List<Event> lefts = events(600, 4, 71, 0);
        List<Event> rights = events(300, 4, 72, RIGHT_IDS).stream().filter(e -> e.ts() % 3 != 0).toList();
        CollectSink<Group> sink = CollectSink.of(Group.class);
        JobBuilder job = JobBuilder.named("co-group");
        DataStream left = job.source("left", CollectionSource.of(Event.class, lefts).withBatchSize(16), strategy());
        DataStream right = job.source("right", CollectionSource.of(Event.class, rights).withBatchSize(16), strategy());
        left.coGroup(right).where("key").equalTo("key").window(TumblingEventTimeWindows.of(Duration.ofMillis(20)))
                .apply("count", CountBoth::new, Event.class, Event.class, Group.class, 3)
                .sinkTo("out", sink);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());

        Map<String, long[]> counts = new TreeMap<>();
        for (int side = 0; side < 2; side++) {
            for (Event e : side == 0 ? lefts : rights) {
                counts.computeIfAbsent(e.key() + "@" + Math.floorDiv(e.ts(), 20) * 20, k -> new long[2])[side]++;
            }
        }
        List<Group> expected = new ArrayList<>();
        counts.forEach((window, n) -> {
            String[] parts = window.split("@");
            expected.add(new Group(parts[0], Long.parseLong(parts[1]), n[0], n[1]));
        });
        Comparator<Group> order = Comparator.comparing(Group::key).thenComparingLong(Group::windowStart);
        List<Group> actual = new ArrayList<>(sink.records());
        actual.sort(order);
        expected.sort(order);
        assertTrue(expected.stream().anyMatch(g -> g.rights() == 0), "some windows have no right element");
        assertEquals(expected, actual);
    }

    @Test
    void aWindowJoinNeedsEventTimeOnBothInputs() {
        JobBuilder job = JobBuilder.named("rejected");
        DataStream timed = job.source("timed", CollectionSource.of(Event.class, List.of()), strategy());
        DataStream untimed = job.source("untimed", CollectionSource.of(Event.class, List.of()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> timed.join(untimed).where("key").equalTo("key")
                        .window(TumblingEventTimeWindows.of(Duration.ofMillis(5)))
                        .apply("j", JoinFunctions::windowPair, Event.class, Event.class, Pair.class, 1));
        assertTrue(e.getMessage().contains("window join 'j'") && e.getMessage().contains("untimed"), e.getMessage());
        IllegalArgumentException keys = assertThrows(IllegalArgumentException.class,
                () -> timed.join(timed).where("key").equalTo("id")
                        .window(TumblingEventTimeWindows.of(Duration.ofMillis(5)))
                        .apply("k", JoinFunctions::windowPair, Event.class, Event.class, Pair.class, 1));
        assertTrue(keys.getMessage().contains("'key'") && keys.getMessage().contains("'id'"), keys.getMessage());
    }
}
