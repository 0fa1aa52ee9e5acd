package io.sabot.watermarks.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Windows of {@code size} starting every {@code slide}: an element falls in size/slide of them. */
public final class SlidingEventTimeWindows implements WindowAssigner {

    private final long size;
    private final long slide;
    private final long offset;

    private SlidingEventTimeWindows(long size, long slide, long offset) {
        if (size <= 0 || slide <= 0) {
            throw new IllegalArgumentException("a sliding window needs a positive size and slide, was " + size
                    + " ms / " + slide + " ms");
        }
        if (Math.abs(offset) >= slide) {
            throw new IllegalArgumentException("the offset must be smaller than the slide (|" + offset + "| >= " + slide + ")");
        }
        this.size = size;
        this.slide = slide;
        this.offset = offset;
    }

    public static SlidingEventTimeWindows of(Duration size, Duration slide) {
        return of(size, slide, Duration.ZERO);
    }

    public static SlidingEventTimeWindows of(Duration size, Duration slide, Duration offset) {
        return new SlidingEventTimeWindows(size.toMillis(), slide.toMillis(), offset.toMillis());
    }

    /** The windows containing {@code timestamp}, latest start first (Flink's order). */
    @Override
    public List<TimeWindow> assignWindows(long timestamp) {
        List<TimeWindow> windows = new ArrayList<>((int) (size / slide) + 1);
        long lastStart = TimeWindow.windowStart(timestamp, offset, slide);
        for (long start = lastStart; start > timestamp - size; start -= slide) {
            windows.add(new TimeWindow(start, start + size));
        }
        return windows;
    }

    @Override
    public String toString() {
        return "SlidingEventTimeWindows(" + size + " ms every " + slide + " ms, offset " + offset + " ms)";
    }
}
