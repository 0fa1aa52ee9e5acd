package io.sabot.actors.joins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.joins.JoinFunctions.PairUp;
import io.sabot.actors.joins.TwoInputHarness.Timestamped;
import io.sabot.actors.records.IntervalJoinAgent;
import io.sabot.actors.records.RecordType;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.serialization.ListSerializer;
import io.sabot.state.serialization.TypeSerializers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interval join's lateness and state cleanup, with its two inputs interleaved exactly as each
 * test says (a {@link TwoInputHarness} around the real agent and state backend), checked against
 * Flink's {@code IntervalJoinOperator}: a row is late when {@code ts < watermark}; a buffered left
 * element leaves at watermark {@code ts + max(0, upper)}, a right one at {@code ts + max(0, −lower)},
 * not a millisecond earlier or later, and with it its timer.
 */
class IntervalJoinStateTest {

    private static final OutputTag LEFT_LATE = new OutputTag("left-late", RecordType.of(Event.class).schema());
    private static final OutputTag RIGHT_LATE = new OutputTag("right-late", RecordType.of(Event.class).schema());

    @TempDir
    Path dir;

    private TwoInputHarness<Event, Event, Pair> harness(long lower, long upper, OutputTag leftLate, OutputTag rightLate,
                                                        StateBackendKind kind) throws Exception {
        IntervalJoinAgent<Event, Event, Pair> agent = new IntervalJoinAgent<>(new PairUp(),
                new IntervalJoinAgent.Spec(lower, upper, leftLate, rightLate), Event.class, Event.class, Pair.class);
        return new TwoInputHarness<>(agent, Event.class, "key", Event.class, "key", Pair.class, kind, dir);
    }

    private TwoInputHarness<Event, Event, Pair> harness(long lower, long upper) throws Exception {
        return harness(lower, upper, null, null, StateBackendKind.HEAP);
    }

    private static Event left(long ts) {
        return new Event("a", ts, ts);
    }

    private static Event right(long ts) {
        return new Event("a", ts, ReferenceJoins.RIGHT_IDS + ts);
    }

    private static Pair pair(long l, long r) {
        return new Pair("a", l, ReferenceJoins.RIGHT_IDS + r, l, r, Math.max(l, r));
    }

    /** Elements of one side buffered for key {@code key}, read from the agent's map state. */
    private static int buffered(TwoInputHarness<?, ?, ?> harness, String buffer, String key) throws Exception {
        harness.state().setCurrentKeyObject(key);
        MapState<Long, ArrayList<Event>> state = harness.state().getMapState(new MapStateDescriptor<>(buffer,
                TypeSerializers.LONG, new ListSerializer<>(TypeSerializers.forClass(Event.class))));
        int count = 0;
        for (Map.Entry<Long, ArrayList<Event>> bucket : state.entries()) {
            count += bucket.getValue().size();
        }
        return count;
    }

    /** Timestamps in the buffer's index of key {@code key} (it must list exactly the map's buckets). */
    private static int indexed(TwoInputHarness<?, ?, ?> harness, String buffer, String key) throws Exception {
        harness.state().setCurrentKeyObject(key);
        long[] timestamps = harness.state().getState(new ValueStateDescriptor<>(buffer + "-times",
                TypeSerializers.LONG_ARRAY)).value();
        return timestamps == null ? 0 : timestamps.length;
    }

    private static long cleanupTimers(TwoInputHarness<?, ?, ?> harness) {
        return harness.state().timers(IntervalJoinAgent.TIMERS + "/event-time").size();
    }

    private static List<Pair> values(List<Timestamped<Pair>> rows) {
        return rows.stream().map(Timestamped::value).toList();
    }

    @Test
    void lateRowsGoToTheirSideOutputsAndNoLongerJoin() throws Exception {
        try (var join = harness(-2, 1, LEFT_LATE, RIGHT_LATE, StateBackendKind.HEAP)) {
            join.watermark(10);
            join.left(left(9), 9);    // 9 < 10: late, though right 10 below would be within its bounds
            join.left(left(10), 10);  // at the watermark: on time
            join.right(right(8), 8);  // late
            join.right(right(10), 10);

            assertEquals(List.of(pair(10, 10)), values(join.takeOutput()));
            assertEquals(List.of(new Timestamped<>(left(9), 9L)), join.sideOutput(LEFT_LATE, Event.class));
            assertEquals(List.of(new Timestamped<>(right(8), 8L)), join.sideOutput(RIGHT_LATE, Event.class));
            assertEquals(1, buffered(join, IntervalJoinAgent.LEFT_BUFFER, "a"), "the late left row was not buffered");
        }
    }

    @Test
    void withoutSideOutputsLateRowsAreDropped() throws Exception {
        try (var join = harness(-2, 1)) {
            join.watermark(10);
            join.left(left(9), 9);
            join.right(right(10), 10);
            join.right(right(8), 8);
            join.left(left(10), 10);

            assertEquals(List.of(pair(10, 10)), values(join.takeOutput()));
            assertEquals(List.of(), join.sideOutput(LEFT_LATE, Event.class));
        }
    }

    /** The join's watermark is the slower input's: a row behind only the faster one is on time. */
    @Test
    void lateIsJudgedAgainstTheMinimumOfBothInputsWatermarks() throws Exception {
        try (var join = harness(-5, 5, LEFT_LATE, RIGHT_LATE, StateBackendKind.HEAP)) {
            join.watermark(0, 50);
            join.watermark(1, 10);
            join.left(left(20), 20);   // behind the left input's 50, not behind the join's 10
            join.right(right(22), 22);

            assertEquals(List.of(pair(20, 22)), values(join.takeOutput()));
            assertEquals(List.of(), join.sideOutput(LEFT_LATE, Event.class));
        }
    }

    @Test
    void pairsCarryTheLaterOfTheirTwoTimestamps() throws Exception {
        try (var join = harness(-5, 5)) {
            join.left(left(5), 5);
            join.right(right(3), 3);   // joins the left element buffered before it: pair at 5
            join.right(right(7), 7);   // pair at 7
            join.left(left(4), 4);     // joins both right elements: pairs at 4 and at 7

            List<Timestamped<Pair>> output = join.takeOutput();
            assertEquals(4, output.size());
            for (Timestamped<Pair> row : output) {
                Pair p = row.value();
                assertEquals(Math.max(p.leftTs(), p.rightTs()), p.timestamp(), "ctx.getTimestamp() of " + p);
                assertEquals(p.timestamp(), row.timestamp(), "the event timestamp of " + p);
            }
            assertEquals(ReferenceJoins.sorted(List.of(pair(5, 3), pair(5, 7), pair(4, 3), pair(4, 7))),
                    ReferenceJoins.sorted(values(output)));
        }
    }

    static Stream<Arguments> boundsAndBackends() {
        List<Arguments> cases = new ArrayList<>();
        long[][] bounds = {{-2, 1}, {0, 0}, {3, 7}, {-7, -3}, {-5, 0}, {0, 4}};
        for (StateBackendKind kind : List.of(StateBackendKind.HEAP, StateBackendKind.ROCKSDB)) {
            for (long[] b : bounds) {
                cases.add(Arguments.of(b[0], b[1], kind));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "between({0}, {1}) on {2}")
    @MethodSource("boundsAndBackends")
    void bufferedElementsLeaveExactlyWhenFlinkRemovesThem(long lower, long upper, StateBackendKind kind)
            throws Exception {
        try (var join = harness(lower, upper, null, null, kind)) {
            join.left(left(100), 100);
            join.right(new Event("b", 100, 1), 100); // another key: nothing joins
            long leftLeaves = 100 + Math.max(0, upper);
            long rightLeaves = 100 + Math.max(0, -lower);
            assertEquals(2, cleanupTimers(join));

            for (long watermark = 90; watermark <= 110; watermark++) {
                join.watermark(watermark);
                assertEquals(watermark < leftLeaves ? 1 : 0, buffered(join, IntervalJoinAgent.LEFT_BUFFER, "a"),
                        "left element at 100, watermark " + watermark);
                assertEquals(watermark < rightLeaves ? 1 : 0, buffered(join, IntervalJoinAgent.RIGHT_BUFFER, "b"),
                        "right element at 100, watermark " + watermark);
                assertEquals(watermark < leftLeaves ? 1 : 0, indexed(join, IntervalJoinAgent.LEFT_BUFFER, "a"));
                assertEquals(watermark < rightLeaves ? 1 : 0, indexed(join, IntervalJoinAgent.RIGHT_BUFFER, "b"));
            }
            assertEquals(0, cleanupTimers(join), "no timer left");
            assertEquals(List.of(), join.takeOutput());
        }
    }

    /**
     * What the exact cleanup time means for results: a left element leaves at {@code ts + upper}
     * (upper >= 0), so a right element exactly there that arrives with the watermark already there
     * (on time: not behind it) finds nothing; a millisecond of watermark less and it joins. Flink
     * gives the same (its cleanup timer fires before the element is processed).
     */
    @Test
    void anElementAtTheWatermarkNoLongerFindsAPartnerAtTheBoundItJustLeft() throws Exception {
        try (var join = harness(-2, 1)) {
            join.left(left(100), 100);
            join.watermark(100);
            join.right(right(101), 101);
            assertEquals(List.of(pair(100, 101)), values(join.takeOutput()));
        }
        try (var join = harness(-2, 1)) {
            join.left(left(100), 100);
            join.watermark(101);
            join.right(right(101), 101);
            assertEquals(List.of(), values(join.takeOutput()), "the left element left at 101");
        }
        // the right side: a right element at 100 stays until 100 + 2 for a left element at up to 102
        try (var join = harness(-2, 1)) {
            join.right(right(100), 100);
            join.watermark(101);
            join.left(left(102), 102);
            assertEquals(List.of(pair(102, 100)), values(join.takeOutput()));
        }
        try (var join = harness(-2, 1)) {
            join.right(right(100), 100);
            join.watermark(102);
            join.left(left(102), 102);
            assertEquals(List.of(), values(join.takeOutput()), "the right element left at 102");
        }
    }

    /**
     * A checkpoint holds the buffers and the cleanup timers: a join restored from one between two
     * rows and fed the rest gives, with what came before, the pairs of a join that never stopped,
     * and empties its state at the end.
     */
    @ParameterizedTest
    @EnumSource(value = StateBackendKind.class, names = {"HEAP", "ROCKSDB"})
    void aJoinRestoredFromACheckpointGoesOnAsIfNeverStopped(StateBackendKind kind) throws Exception {
        List<Event> lefts = ReferenceJoins.events(400, 5, 17, 0);
        List<Event> rights = ReferenceJoins.events(400, 5, 18, ReferenceJoins.RIGHT_IDS);
        List<Pair> pairs = new ArrayList<>();
        TwoInputHarness.Snapshot checkpoint;
        try (var before = harness(-30, 20, null, null, kind)) {
            feed(before, lefts, rights, 0, 200);
            pairs.addAll(values(before.takeOutput()));
            checkpoint = before.snapshot(dir.resolve("checkpoint-" + kind));
        }
        IntervalJoinAgent<Event, Event, Pair> agent = new IntervalJoinAgent<>(new PairUp(),
                new IntervalJoinAgent.Spec(-30, 20, null, null), Event.class, Event.class, Pair.class);
        try (var after = new TwoInputHarness<>(agent, Event.class, "key", Event.class, "key", Pair.class, kind,
                dir.resolve("restored-" + kind), checkpoint)) {
            assertTrue(cleanupTimers(after) > 0, "the cleanup timers came back");
            feed(after, lefts, rights, 200, 400);
            after.endOfInput();
            pairs.addAll(values(after.takeOutput()));
            assertEquals(0, cleanupTimers(after));
        }
        ReferenceJoins.assertSamePairs(ReferenceJoins.intervalJoin(lefts, rights, -30, 20), pairs);
    }

    /** Rows {@code from..to} of both sides, alternating, each input with its own bounded-out-of-orderness watermark. */
    private static void feed(TwoInputHarness<Event, Event, Pair> join, List<Event> lefts, List<Event> rights, int from,
                             int to) throws Exception {
        for (int i = from; i < to; i++) {
            join.left(lefts.get(i), lefts.get(i).ts());
            join.watermark(0, watermarkAfter(lefts, i));
            join.right(rights.get(i), rights.get(i).ts());
            join.watermark(1, watermarkAfter(rights, i));
        }
    }

    private static long watermarkAfter(List<Event> events, int i) {
        return events.subList(0, i + 1).stream().mapToLong(Event::ts).max().orElseThrow() - ReferenceJoins.BOUND - 1;
    }

    /** Many keys and timestamps: every buffer and timer is gone once the inputs end. */
    @Test
    void theEndOfInputEmptiesTheState() throws Exception {
        try (var join = harness(-30, 20, null, null, StateBackendKind.ROCKSDB)) {
            List<Event> lefts = ReferenceJoins.events(300, 5, 7, 0);
            List<Event> rights = ReferenceJoins.events(300, 5, 8, ReferenceJoins.RIGHT_IDS);
            for (int i = 0; i < lefts.size(); i++) {
                join.left(lefts.get(i), lefts.get(i).ts());
                join.right(rights.get(i), rights.get(i).ts());
            }
            assertTrue(cleanupTimers(join) > 100);
            join.endOfInput();

            assertEquals(ReferenceJoins.intervalJoin(lefts, rights, -30, 20), ReferenceJoins.sorted(values(join.takeOutput())),
                    "no watermark before the end: nothing late, nothing removed early");
            for (int k = 0; k < 5; k++) {
                assertEquals(0, buffered(join, IntervalJoinAgent.LEFT_BUFFER, "k" + k));
                assertEquals(0, buffered(join, IntervalJoinAgent.RIGHT_BUFFER, "k" + k));
                assertEquals(0, indexed(join, IntervalJoinAgent.LEFT_BUFFER, "k" + k));
                assertEquals(0, indexed(join, IntervalJoinAgent.RIGHT_BUFFER, "k" + k));
            }
            assertEquals(0, cleanupTimers(join));
            assertEquals(Long.MAX_VALUE, join.forwardedWatermark());
        }
    }
}
