package io.sabot.actors.joins;

import static io.sabot.actors.joins.ReferenceJoins.BOUND;
import static io.sabot.actors.joins.ReferenceJoins.RIGHT_IDS;
import static io.sabot.actors.joins.ReferenceJoins.assertNeverLate;
import static io.sabot.actors.joins.ReferenceJoins.assertSamePairs;
import static io.sabot.actors.joins.ReferenceJoins.events;
import static io.sabot.actors.joins.ReferenceJoins.intervalJoin;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessJoinFunction;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.IntervalJoined;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.KeyedStream;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.joins.JoinFunctions.PairUp;
import io.sabot.actors.joins.JoinFunctions.Stamp;
import io.sabot.actors.records.RecordType;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interval join on a real node: Flink's documented example gives its documented pairs, and
 * out-of-order input of several keys gives exactly the pairs a nested loop over both inputs finds,
 * at parallelism 1 and 3, whatever the batch size, with bounds on either side of zero, inclusive or
 * exclusive, on heap and on RocksDB. Lateness and state cleanup, which depend on how the two inputs
 * interleave, are pinned down in {@link IntervalJoinStateTest}.
 */
class IntervalJoinTest extends OnOneNode {

    private static WatermarkStrategy strategy() {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(BOUND))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    /**
     * Joins {@code lefts} with {@code rights} by key ({@code bounds} chooses between and
     * exclusiveness) and returns the pairs with their rows' event timestamps.
     */
    private static List<Pair> run(List<Event> lefts, List<Event> rights, int batchSize, int parallelism,
                                  UnaryOperator<IntervalJoined> bounds, StateBackendConfig backend,
                                  long lower, long upper) throws Exception {
        CollectSink<Pair> sink = CollectSink.of(Pair.class);
        JobBuilder job = JobBuilder.named("interval-join").stateBackend(backend);
        KeyedStream left = job.source("left", CollectionSource.of(Event.class, lefts).withBatchSize(batchSize), strategy())
                .keyBy("key");
        KeyedStream right = job.source("right", CollectionSource.of(Event.class, rights).withBatchSize(batchSize),
                strategy()).keyBy("key");
        bounds.apply(left.intervalJoin(right).between(Duration.ofMillis(lower), Duration.ofMillis(upper)))
                .process("join", PairUp::new, Event.class, Event.class, Pair.class, parallelism)
                .process("stamp", Stamp::new, Pair.class, Pair.class, 1)
                .sinkTo("out", sink);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());
        return sink.records();
    }

    private static List<Pair> run(List<Event> lefts, List<Event> rights, int batchSize, int parallelism,
                                  long lower, long upper) throws Exception {
        return run(lefts, rights, batchSize, parallelism, UnaryOperator.identity(), StateBackendConfig.heap(), lower,
                upper);
    }

    /** One key's elements at the given times; ids are the times (left) or the times + {@link ReferenceJoins#RIGHT_IDS}. */
    private static List<Event> at(long idBase, long... times) {
        List<Event> events = new ArrayList<>();
        for (long t : times) {
            events.add(new Event("k", t, idBase + t));
        }
        return events;
    }

    /** The pair of the left element at {@code l} and the right one at {@code r} of {@link #at}. */
    private static Pair pair(long l, long r) {
        return new Pair("k", l, RIGHT_IDS + r, l, r, Math.max(l, r));
    }

    /**
     * Flink's documentation (DataStream API, Joining, Interval Join): orange elements at 0, 2, 3, 4,
     * 5, 7 joined with green elements at 0, 1, 6, 7, between(-2 ms, +1 ms), give the pairs
     * 0,0 0,1 2,0 2,1 3,1 5,6 7,6 7,7.
     */
    @Test
    void flinksDocumentedExampleGivesTheDocumentedPairs() throws Exception {
        List<Event> orange = at(0, 0, 2, 3, 4, 5, 7);
        List<Event> green = at(RIGHT_IDS, 0, 1, 6, 7);

        List<Pair> pairs = run(orange, green, 2, 1, -2, 1);

        assertSamePairs(ReferenceJoins.sorted(List.of(pair(0, 0), pair(0, 1), pair(2, 0), pair(2, 1), pair(3, 1),
                pair(5, 6), pair(7, 6), pair(7, 7))), pairs);
    }

    /** The same with both bounds exclusive: green within (orange − 2, orange + 1), i.e. 0,0 2,1 7,6 7,7. */
    @Test
    void exclusiveBoundsLeaveOutThePairsAtTheBounds() throws Exception {
        List<Event> orange = at(0, 0, 2, 3, 4, 5, 7);
        List<Event> green = at(RIGHT_IDS, 0, 1, 6, 7);

        List<Pair> pairs = run(orange, green, 3, 1, j -> j.lowerBoundExclusive().upperBoundExclusive(),
                StateBackendConfig.heap(), -2, 1);

        assertSamePairs(ReferenceJoins.sorted(List.of(pair(0, 0), pair(2, 1), pair(7, 6), pair(7, 7))), pairs);
    }

    static Stream<Arguments> boundsParallelismAndBatches() {
        return Stream.of(
                Arguments.of(-30, 20, 1, 1),
                Arguments.of(-30, 20, 1, 1000),
                Arguments.of(-30, 20, 3, 7),
                Arguments.of(-30, 20, 3, 1000),
                Arguments.of(5, 40, 3, 7),     // the right element after the left one
                Arguments.of(-40, -5, 3, 13),  // the right element before the left one
                Arguments.of(0, 0, 1, 64));    // equal timestamps only
    }

    @ParameterizedTest(name = "between({0} ms, {1} ms), parallelism {2}, batches of {3}")
    @MethodSource("boundsParallelismAndBatches")
    void outOfOrderInputGivesThePairsOfANestedLoop(long lower, long upper, int parallelism, int batchSize)
            throws Exception {
        List<Event> lefts = events(800, 5, 11, 0);
        List<Event> rights = events(800, 5, 12, RIGHT_IDS);
        assertNeverLate(lefts, BOUND);
        assertNeverLate(rights, BOUND);
        List<Pair> expected = intervalJoin(lefts, rights, lower, upper);
        assertTrue(expected.size() > (lower == upper ? 50 : 1000), "enough pairs to mean something: " + expected.size());

        assertSamePairs(expected, run(lefts, rights, batchSize, parallelism, lower, upper));
    }

    @Test
    void exclusiveBoundsOnOutOfOrderInputAtParallelismThree() throws Exception {
        List<Event> lefts = events(800, 5, 21, 0);
        List<Event> rights = events(800, 5, 22, RIGHT_IDS);

        List<Pair> pairs = run(lefts, rights, 50, 3, j -> j.lowerBoundExclusive().upperBoundExclusive(),
                StateBackendConfig.heap(), -30, 20);

        assertSamePairs(intervalJoin(lefts, rights, -29, 19), pairs);
    }

    @Test
    void onRocksDbTheSamePairs(@TempDir Path dir) throws Exception {
        List<Event> lefts = events(800, 5, 31, 0);
        List<Event> rights = events(800, 5, 32, RIGHT_IDS);
        StateBackendConfig rocksDb = new StateBackendConfig(StateBackendKind.ROCKSDB, dir,
                StateBackendConfig.of(StateBackendKind.ROCKSDB).rocksDb());

        List<Pair> pairs = run(lefts, rights, 100, 3, UnaryOperator.identity(), rocksDb, -30, 20);

        assertSamePairs(intervalJoin(lefts, rights, -30, 20), pairs);
    }

    @Test
    void theJobGraphRejectsWhatFlinkRejects() {
        JobBuilder job = JobBuilder.named("rejected");
        KeyedStream timed = job.source("timed", CollectionSource.of(Event.class, List.of()), strategy()).keyBy("key");
        KeyedStream untimed = job.source("untimed", CollectionSource.of(Event.class, List.of())).keyBy("key");
        KeyedStream byId = job.source("by-id", CollectionSource.of(Event.class, List.of()), strategy()).keyBy("id");

        IllegalArgumentException noEventTime = assertThrows(IllegalArgumentException.class,
                () -> timed.intervalJoin(untimed).between(Duration.ofMillis(-1), Duration.ofMillis(1)));
        assertTrue(noEventTime.getMessage().contains("only supported in event time")
                && noEventTime.getMessage().contains("untimed"), noEventTime.getMessage());
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class,
                () -> timed.intervalJoin(timed).between(Duration.ofMillis(1), Duration.ofMillis(-1)));
        assertTrue(reversed.getMessage().contains("lowerBound <= upperBound"), reversed.getMessage());
        IllegalArgumentException keyTypes = assertThrows(IllegalArgumentException.class, () -> timed.intervalJoin(byId));
        assertTrue(keyTypes.getMessage().contains("'key'") && keyTypes.getMessage().contains("'id'"),
                keyTypes.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> timed.intervalJoin(timed).between(Duration.ZERO, Duration.ZERO).lowerBoundExclusive()
                        .process("never", PairUp::new, Event.class, Event.class, Pair.class, 1));
        assertTrue(empty.getMessage().contains("interval join 'never'"), empty.getMessage());
    }

    /** Pairs whose right element is the earlier go to side output {@link #RIGHT_FIRST}, the others to the main output. */
    public static final class SplitByOrder extends ProcessJoinFunction<Event, Event, Pair> {
        @Override
        public void processElement(Event left, Event right, Context ctx, Collector<Pair> out) {
            Pair pair = new Pair(left.key(), left.id(), right.id(), ctx.getLeftTimestamp(), ctx.getRightTimestamp(),
                    ctx.getTimestamp());
            if (right.ts() < left.ts()) {
                ctx.output(RIGHT_FIRST, pair);
            } else {
                out.collect(pair);
            }
        }
    }

    private static final OutputTag RIGHT_FIRST = new OutputTag("right-first", RecordType.of(Pair.class).schema());

    @Test
    void theJoinFunctionEmitsToSideOutputsWithThePairsTimestamp() throws Exception {
        List<Event> lefts = events(500, 4, 41, 0);
        List<Event> rights = events(500, 4, 42, RIGHT_IDS);
        CollectSink<Pair> main = CollectSink.of(Pair.class);
        CollectSink<Pair> side = CollectSink.of(Pair.class);
        JobBuilder job = JobBuilder.named("interval-join-side-output");
        KeyedStream left = job.source("left", CollectionSource.of(Event.class, lefts).withBatchSize(32), strategy())
                .keyBy("key");
        KeyedStream right = job.source("right", CollectionSource.of(Event.class, rights).withBatchSize(32), strategy())
                .keyBy("key");
        DataStream joined = left.intervalJoin(right).between(Duration.ofMillis(-25), Duration.ofMillis(25))
                .process("join", SplitByOrder::new, Event.class, Event.class, Pair.class, 3);
        joined.process("stamp", Stamp::new, Pair.class, Pair.class, 1).sinkTo("main", main);
        joined.getSideOutput(RIGHT_FIRST).process("stamp-side", Stamp::new, Pair.class, Pair.class, 1)
                .sinkTo("side", side);
        JobResult result = node.execute(job.build());
        assertTrue(result.succeeded(), result.error());

        List<Pair> expected = intervalJoin(lefts, rights, -25, 25);
        assertSamePairs(expected.stream().filter(p -> p.rightTs() >= p.leftTs()).toList(), main.records());
        assertSamePairs(expected.stream().filter(p -> p.rightTs() < p.leftTs()).toList(), side.records());
    }
}
