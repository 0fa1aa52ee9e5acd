package io.sabot.watermarks.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowAssignersTest {

    @Test
    void tumblingStartIsTimestampMinusNonNegativeModulo() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long size = random.nextLong(1, 1_000_000);
            long offset = random.nextLong(-size + 1, size);
            long ts = random.nextLong(-10_000_000_000L, 10_000_000_000L);
            long expectedStart = ts - Math.floorMod(ts - offset, size);
            TimeWindow window = TumblingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(offset))
                    .assignWindows(ts).get(0);
            assertEquals(new TimeWindow(expectedStart, expectedStart + size), window, "ts " + ts);
            assertEquals(window.end() - 1, window.maxTimestamp());
        }
        // By hand: one-minute windows.
        assertEquals(new TimeWindow(60_000, 120_000),
                TumblingEventTimeWindows.of(Duration.ofMinutes(1)).assignWindows(119_999).get(0));
        assertEquals(new TimeWindow(-60_000, 0), TumblingEventTimeWindows.of(Duration.ofMinutes(1)).assignWindows(-1).get(0));
    }

    @Test
    void slidingWindowsAreEveryWindowThatContainsTheTimestamp() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 20_000; i++) {
            long slide = random.nextLong(1, 500);
            long size = slide * random.nextLong(1, 6) + random.nextLong(0, slide);
            long offset = random.nextLong(0, slide);
            long ts = random.nextLong(-100_000, 100_000);
            // Brute force: every start offset + k * slide on the grid near ts, kept if the window holds ts,
            // latest start first (Flink's order).
            List<TimeWindow> expected = new ArrayList<>();
            for (long k = Math.floorDiv(ts - offset, slide) + 1; k >= Math.floorDiv(ts - offset - size, slide) - 1; k--) {
                long start = offset + k * slide;
                if (start <= ts && ts < start + size) {
                    expected.add(new TimeWindow(start, start + size));
                }
            }
            List<TimeWindow> actual = SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide),
                    Duration.ofMillis(offset)).assignWindows(ts);
            assertEquals(expected, actual, "ts " + ts);
            actual.forEach(w -> assertEquals(true, w.start() <= ts && ts < w.end()));
        }
    }

    @Test
    void sessionWindowsMergeWhatOverlapsOrTouches() {
        List<TimeWindow> windows = List.of(new TimeWindow(10, 20), new TimeWindow(0, 5), new TimeWindow(20, 25),
                new TimeWindow(15, 18), new TimeWindow(40, 50), new TimeWindow(5, 6));
        List<List<TimeWindow>> groups = EventTimeSessionWindows.mergeGroups(windows);
        assertEquals(List.of(
                List.of(new TimeWindow(0, 5), new TimeWindow(5, 6)),
                List.of(new TimeWindow(10, 20), new TimeWindow(15, 18), new TimeWindow(20, 25)),
                List.of(new TimeWindow(40, 50))), groups);
    }

    @Test
    void invalidSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TumblingEventTimeWindows.of(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> TumblingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> EventTimeSessionWindows.withGap(Duration.ZERO));
    }
}
