package io.sabot.watermarks.windows;

import java.util.List;

/** Assigns an element, by its event timestamp, to zero or more windows (Flink's {@code WindowAssigner}). */
public interface WindowAssigner {

    List<TimeWindow> assignWindows(long timestamp);

    /** Session windows merge when they overlap. */
    default boolean isMerging() {
        return false;
    }
}
