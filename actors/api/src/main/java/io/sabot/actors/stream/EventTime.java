package io.sabot.actors.stream;

/**
 * The event time of a batch's rows: each row's timestamp, and the watermark in effect just before
 * the row (what Flink shows an operator when watermarks are emitted per record). A downstream
 * operator advances its timers to a row's watermark before it processes the row, so results are
 * the same whatever the batch size.
 */
public record EventTime(long[] timestamps, long[] watermarks) {

    public EventTime {
        if (timestamps.length != watermarks.length) {
            throw new IllegalArgumentException("timestamps and watermarks differ in length");
        }
    }

    /** The event time of rows {@code rows[0..count)}, in that order. */
    public EventTime gather(int[] rows, int count) {
        long[] ts = new long[count];
        long[] wm = new long[count];
        for (int i = 0; i < count; i++) {
            ts[i] = timestamps[rows[i]];
            wm[i] = watermarks[rows[i]];
        }
        return new EventTime(ts, wm);
    }

    public int rows() {
        return timestamps.length;
    }
}
