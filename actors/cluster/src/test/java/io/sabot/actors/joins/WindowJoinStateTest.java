package io.sabot.actors.joins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sabot.actors.api.CoGroupFunction;
import io.sabot.actors.joins.TwoInputHarness.Timestamped;
import io.sabot.actors.records.CoGroupBuffers;
import io.sabot.actors.records.JoinCoGroup;
import io.sabot.actors.records.WindowCoGroupAgent;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.serialization.TypeSerializers;
import io.sabot.watermarks.windows.TimeWindow;
import io.sabot.watermarks.windows.TimeWindowSerializer;
import io.sabot.watermarks.windows.TumblingEventTimeWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The window join's lateness and state, with both inputs interleaved as each test says (a
 * {@link TwoInputHarness} around the real agent and backend), checked against Flink's
 * {@code WindowOperator} under {@code JoinedStreams}: a window fires once when the watermark reaches
 * its end, its elements and timers leave at {@code end + allowedLateness}, an element for a window
 * already gone is dropped, one within the allowed lateness fires the window again with every pair.
 */
class WindowJoinStateTest {

    @TempDir
    Path dir;

    private TwoInputHarness<Event, Event, Pair> join(long allowedLateness, StateBackendKind kind) throws Exception {
        return harness(new JoinCoGroup<>(JoinFunctions.windowPair()), allowedLateness, kind, Pair.class);
    }

    private <O extends Record> TwoInputHarness<Event, Event, O> harness(CoGroupFunction<Event, Event, O> function,
                                                                        long allowedLateness, StateBackendKind kind,
                                                                        Class<O> output) throws Exception {
        WindowCoGroupAgent<Event, Event, O> agent = new WindowCoGroupAgent<>(
                TumblingEventTimeWindows.of(Duration.ofMillis(10)), allowedLateness, function, Event.class, Event.class,
                output);
        return new TwoInputHarness<>(agent, Event.class, "key", Event.class, "key", output, kind, dir);
    }

    private static Event left(long ts) {
        return new Event("a", ts, ts);
    }

    private static Event right(long ts) {
        return new Event("a", ts, ReferenceJoins.RIGHT_IDS + ts);
    }

    /** The pair of left {@code l} and right {@code r} in the window ending at {@code end}. */
    private static Timestamped<Pair> pair(long l, long r, long end) {
        return new Timestamped<>(new Pair("a", l, ReferenceJoins.RIGHT_IDS + r, l, r, Long.MIN_VALUE), end - 1);
    }

    /** Windows of key "a" holding elements, read from the agent's map state. */
    private static int windowsHeld(TwoInputHarness<?, ?, ?> harness) throws Exception {
        harness.state().setCurrentKeyObject("a");
        MapState<TimeWindow, CoGroupBuffers<Event, Event>> contents = harness.state().getMapState(
                new MapStateDescriptor<>("window-contents", TimeWindowSerializer.INSTANCE,
                        CoGroupBuffers.serializer(TypeSerializers.forClass(Event.class),
                                TypeSerializers.forClass(Event.class))));
        int windows = 0;
        for (TimeWindow ignored : contents.keys()) {
            windows++;
        }
        return windows;
    }

    private static long windowTimers(TwoInputHarness<?, ?, ?> harness) {
        return harness.state().timers(WindowCoGroupAgent.TIMERS + "/event-time").size();
    }

    private static List<Timestamped<Pair>> sorted(List<Timestamped<Pair>> rows) {
        return rows.stream().sorted(Comparator.comparingLong((Timestamped<Pair> t) -> t.timestamp())
                .thenComparingLong(t -> t.value().leftId()).thenComparingLong(t -> t.value().rightId())).toList();
    }

    @ParameterizedTest
    @EnumSource(value = StateBackendKind.class, names = {"HEAP", "ROCKSDB"})
    void aWindowFiresOnceAtItsEndAndItsElementsLeaveWithIt(StateBackendKind kind) throws Exception {
        try (var join = join(0, kind)) {
            join.left(left(5), 5);
            join.right(right(7), 7);
            join.right(right(2), 2);
            join.watermark(8);
            assertEquals(List.of(), join.takeOutput(), "[0, 10) fires at 9");
            assertEquals(1, windowsHeld(join));

            join.watermark(9);
            assertEquals(sorted(List.of(pair(5, 2, 10), pair(5, 7, 10))), sorted(join.takeOutput()));
            assertEquals(0, windowsHeld(join), "the window's elements leave when it fires");
            assertEquals(0, windowTimers(join));

            join.right(right(8), 8);   // its window is gone: late, dropped
            join.left(left(12), 12);   // the next window
            join.watermark(30);
            assertEquals(List.of(), join.takeOutput(), "nothing pairs with the late element; [10, 20) has no right");
            assertEquals(0, windowsHeld(join));
        }
    }

    @ParameterizedTest
    @EnumSource(value = StateBackendKind.class, names = {"HEAP", "ROCKSDB"})
    void withinTheAllowedLatenessALateElementFiresTheWindowAgainWithAllItsPairs(StateBackendKind kind)
            throws Exception {
        try (var join = join(5, kind)) {
            join.left(left(5), 5);
            join.right(right(7), 7);
            join.watermark(9);
            assertEquals(List.of(pair(5, 7, 10)), join.takeOutput());

            join.right(right(8), 8); // late for the firing, within the lateness: all pairs again
            assertEquals(sorted(List.of(pair(5, 7, 10), pair(5, 8, 10))), sorted(join.takeOutput()));

            join.watermark(13);
            assertEquals(1, windowsHeld(join), "kept until 9 + 5");
            join.watermark(14);
            assertEquals(0, windowsHeld(join), "gone at 9 + 5");
            assertEquals(0, windowTimers(join));

            join.left(left(6), 6); // now beyond the lateness: dropped
            join.endOfInput();
            assertEquals(List.of(), join.takeOutput());
        }
    }

    /** How many elements each side had in a window firing, and the earliest timestamp in it. */
    public record Group(String key, long lefts, long rights, long earliest) {}

    /** CoGroup sees windows with elements on one side only, which the join skips. */
    @Test
    void aCoGroupSeesWindowsWithElementsOnOneSideOnly() throws Exception {
        StateBackendKind kind = StateBackendKind.HEAP;
        CoGroupFunction<Event, Event, Group> count = (lefts, rights, out) -> {
            long l = 0;
            long r = 0;
            long earliest = Long.MAX_VALUE;
            String key = null;
            for (Event e : lefts) {
                l++;
                earliest = Math.min(earliest, e.ts());
                key = e.key();
            }
            for (Event e : rights) {
                r++;
                earliest = Math.min(earliest, e.ts());
                key = e.key();
            }
            out.collect(new Group(key, l, r, earliest));
        };
        try (var coGroup = harness(count, 0, kind, Group.class)) {
            coGroup.left(left(1), 1);
            coGroup.left(left(3), 3);
            coGroup.right(right(15), 15);
            coGroup.left(left(22), 22);
            coGroup.right(right(27), 27);
            coGroup.endOfInput();

            assertEquals(List.of(new Timestamped<>(new Group("a", 2, 0, 1), 9L),
                    new Timestamped<>(new Group("a", 0, 1, 15), 19L),
                    new Timestamped<>(new Group("a", 1, 1, 22), 29L)), coGroup.takeOutput());
        }
        try (var join = join(0, kind)) {
            join.left(left(1), 1);
            join.right(right(15), 15);
            join.endOfInput();
            assertEquals(List.of(), join.takeOutput(), "an inner join: no pair without both sides");
        }
    }
}
