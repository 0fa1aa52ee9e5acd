package io.sabot.watermarks.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Session windows: each element opens [ts, ts + gap); windows that overlap or touch merge, so a
 * session ends after {@code gap} without elements of its key.
 */
public final class EventTimeSessionWindows implements WindowAssigner {

    private final long gap;

    private EventTimeSessionWindows(long gap) {
        if (gap <= 0) {
            throw new IllegalArgumentException("a session gap must be positive, was " + gap + " ms");
        }
        this.gap = gap;
    }

    public static EventTimeSessionWindows withGap(Duration gap) {
        return new EventTimeSessionWindows(gap.toMillis());
    }

    @Override
    public List<TimeWindow> assignWindows(long timestamp) {
        return List.of(new TimeWindow(timestamp, timestamp + gap));
    }

    @Override
    public boolean isMerging() {
        return true;
    }

    /**
     * Groups windows that overlap (transitively) — Flink's {@code TimeWindow.mergeWindows}: sorted by
     * start, each window joins the current group if it intersects the group's cover.
     */
    public static List<List<TimeWindow>> mergeGroups(Collection<TimeWindow> windows) {
        List<TimeWindow> sorted = new ArrayList<>(windows);
        sorted.sort(null);
        List<List<TimeWindow>> groups = new ArrayList<>();
        TimeWindow cover = null;
        List<TimeWindow> group = null;
        for (TimeWindow window : sorted) {
            if (cover != null && cover.intersects(window)) {
                cover = cover.cover(window);
                group.add(window);
            } else {
                group = new ArrayList<>();
                group.add(window);
                groups.add(group);
                cover = window;
            }
        }
        return groups;
    }

    @Override
    public String toString() {
        return "EventTimeSessionWindows(gap " + gap + " ms)";
    }
}
