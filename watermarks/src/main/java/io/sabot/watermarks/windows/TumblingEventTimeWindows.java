package io.sabot.watermarks.windows;

import java.time.Duration;
import java.util.List;

/** Fixed-size, non-overlapping windows: each element falls in exactly one. */
public final class TumblingEventTimeWindows implements WindowAssigner {

    private final long size;
    private final long offset;

    private TumblingEventTimeWindows(long size, long offset) {
        if (size <= 0) {
            throw new IllegalArgumentException("a tumbling window needs a positive size, was " + size + " ms");
        }
        if (Math.abs(offset) >= size) {
            throw new IllegalArgumentException("the offset must be smaller than the size (|" + offset + "| >= " + size + ")");
        }
        this.size = size;
        this.offset = offset;
    }

    public static TumblingEventTimeWindows of(Duration size) {
        return of(size, Duration.ZERO);
    }

    /** With an offset, e.g. to align daily windows to a time zone. */
    public static TumblingEventTimeWindows of(Duration size, Duration offset) {
        return new TumblingEventTimeWindows(size.toMillis(), offset.toMillis());
    }

    @Override
    public List<TimeWindow> assignWindows(long timestamp) {
        long start = TimeWindow.windowStart(timestamp, offset, size);
        return List.of(new TimeWindow(start, start + size));
    }

    @Override
    public String toString() {
        return "TumblingEventTimeWindows(" + size + " ms, offset " + offset + " ms)";
    }
}
