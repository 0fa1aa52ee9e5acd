package io.sabot.watermarks.windows;

/**
 * A window of event time [start, end), as Flink's {@code TimeWindow}: it fires when the watermark
 * reaches {@link #maxTimestamp()} = end − 1.
 */
public record TimeWindow(long start, long end) implements Comparable<TimeWindow> {
    // No check that end > start: as in Flink, a window of a timestamp near Long.MAX_VALUE wraps
    // around, its end lies in the past, and its element is late rather than failing the job.

    public long maxTimestamp() {
        return end - 1;
    }

    /** True when the two windows overlap or touch (session windows merge then). */
    public boolean intersects(TimeWindow other) {
        return start <= other.end && end >= other.start;
    }

    /** The smallest window containing both. */
    public TimeWindow cover(TimeWindow other) {
        return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
    }

    /**
     * The start of the window of size {@code windowSize} and offset {@code offset} that contains
     * {@code timestamp}: {@code timestamp − ((timestamp − offset) mod windowSize)}, with the modulo
     * taken as non-negative (Flink's formula, negative timestamps included).
     */
    public static long windowStart(long timestamp, long offset, long windowSize) {
        long remainder = (timestamp - offset) % windowSize;
        return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
    }

    @Override
    public int compareTo(TimeWindow other) {
        int byStart = Long.compare(start, other.start);
        return byStart != 0 ? byStart : Long.compare(end, other.end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
