package io.sabot.actors.runtime;

import java.util.Arrays;

/**
 * Combines the watermarks of a task's input channels: each channel's watermark only moves forward
 * and the task's watermark is the minimum over its channels. A channel that ended sent
 * {@code Watermark.MAX} first, so it no longer holds the minimum back. (Idle channels arrive with
 * the event-time runtime.)
 */
final class ChannelWatermarks {

    private final long[] channels;
    private long combined = Long.MIN_VALUE;

    ChannelWatermarks(int channelCount) {
        channels = new long[channelCount];
        Arrays.fill(channels, Long.MIN_VALUE);
    }

    /** Records a watermark; returns true when the combined watermark advanced. */
    boolean advance(int channel, long watermark) {
        if (watermark <= channels[channel]) {
            return false;
        }
        channels[channel] = watermark;
        long min = Long.MAX_VALUE;
        for (long w : channels) {
            min = Math.min(min, w);
        }
        if (min > combined) {
            combined = min;
            return true;
        }
        return false;
    }

    long combined() {
        return combined;
    }
}
