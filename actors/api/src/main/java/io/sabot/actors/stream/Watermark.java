package io.sabot.actors.stream;

/**
 * Event time has reached {@code timestamp} (epoch milliseconds) on this channel: no later element
 * should carry a timestamp at or below it. {@link #MAX} marks the end of a bounded input.
 */
public record Watermark(long timestamp) implements StreamElement {

    /** Flushes every pending window and timer: sent when a bounded input ends. */
    public static final Watermark MAX = new Watermark(Long.MAX_VALUE);
}
