package io.sabot.watermarks.valve;

import java.util.Arrays;

/**
 * Combines the watermarks and idle/active statuses of a task's input channels into the task's
 * watermark, with the semantics of Flink's {@code StatusWatermarkValve}:
 *
 * <ul>
 *   <li>a channel's watermark never goes back (a lower one is ignored);
 *   <li>the output is the minimum over the channels that are active and aligned, and only moves forward;
 *   <li>an idle channel leaves the minimum; when every channel is idle the maximum over all channels
 *       is flushed (if the channel going idle was the one holding the output) and the valve turns idle;
 *   <li>a channel that comes back rejoins the minimum only once its watermark has caught up with the
 *       output (it is "aligned" again).
 * </ul>
 */
public final class StatusWatermarkValve {

    /** Receives what the valve emits. */
    public interface Output {
        void emitWatermark(long watermark);

        void emitStatus(boolean idle);
    }

    private final long[] watermarks;
    private final boolean[] active;
    private final boolean[] aligned;
    private long lastOutputWatermark = Long.MIN_VALUE;
    private boolean lastOutputActive = true;

    public StatusWatermarkValve(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("a valve needs at least one channel");
        }
        watermarks = new long[channels];
        Arrays.fill(watermarks, Long.MIN_VALUE);
        active = new boolean[channels];
        Arrays.fill(active, true);
        aligned = new boolean[channels];
        Arrays.fill(aligned, true);
    }

    public int channels() {
        return watermarks.length;
    }

    public void inputWatermark(long watermark, int channel, Output output) {
        // Ignored while the channel, or the whole valve, is idle.
        if (!lastOutputActive || !active[channel] || watermark <= watermarks[channel]) {
            return;
        }
        watermarks[channel] = watermark;
        if (!aligned[channel] && watermark >= lastOutputWatermark) {
            aligned[channel] = true; // it has caught up
        }
        emitNewMinimumOfAlignedChannels(output);
    }

    public void inputStatus(boolean idle, int channel, Output output) {
        if (idle && active[channel]) {
            active[channel] = false;
            aligned[channel] = false;
            if (!anyActive()) {
                if (watermarks[channel] == lastOutputWatermark) {
                    emitMaximumOfAllChannels(output);
                }
                lastOutputActive = false;
                output.emitStatus(true);
            } else if (watermarks[channel] == lastOutputWatermark) {
                emitNewMinimumOfAlignedChannels(output); // the channel holding the minimum left it
            }
        } else if (!idle && !active[channel]) {
            active[channel] = true;
            if (watermarks[channel] >= lastOutputWatermark) {
                aligned[channel] = true;
            }
            if (!lastOutputActive) {
                lastOutputActive = true;
                output.emitStatus(false);
            }
        }
    }

    /** The last watermark emitted (Long.MIN_VALUE before the first). */
    public long watermark() {
        return lastOutputWatermark;
    }

    public boolean isIdle() {
        return !lastOutputActive;
    }

    /** Everything the valve knows, for a checkpoint: a restored valve continues exactly where it was. */
    public record State(long[] watermarks, boolean[] active, boolean[] aligned, long lastOutputWatermark,
                        boolean lastOutputActive) {}

    public State state() {
        return new State(watermarks.clone(), active.clone(), aligned.clone(), lastOutputWatermark, lastOutputActive);
    }

    /** Continues from {@code state}, taken from a valve with as many channels. */
    public void restore(State state) {
        if (state.watermarks().length != watermarks.length) {
            throw new IllegalArgumentException("a valve of " + watermarks.length + " channels cannot continue from one of "
                    + state.watermarks().length);
        }
        System.arraycopy(state.watermarks(), 0, watermarks, 0, watermarks.length);
        System.arraycopy(state.active(), 0, active, 0, active.length);
        System.arraycopy(state.aligned(), 0, aligned, 0, aligned.length);
        lastOutputWatermark = state.lastOutputWatermark();
        lastOutputActive = state.lastOutputActive();
    }

    private boolean anyActive() {
        for (boolean a : active) {
            if (a) {
                return true;
            }
        }
        return false;
    }

    private void emitNewMinimumOfAlignedChannels(Output output) {
        long minimum = Long.MAX_VALUE;
        boolean anyAligned = false;
        for (int c = 0; c < watermarks.length; c++) {
            if (aligned[c]) {
                anyAligned = true;
                minimum = Math.min(minimum, watermarks[c]);
            }
        }
        if (anyAligned && minimum > lastOutputWatermark) {
            lastOutputWatermark = minimum;
            output.emitWatermark(minimum);
        }
    }

    private void emitMaximumOfAllChannels(Output output) {
        long maximum = Long.MIN_VALUE;
        for (long w : watermarks) {
            maximum = Math.max(maximum, w);
        }
        if (maximum > lastOutputWatermark) {
            lastOutputWatermark = maximum;
            output.emitWatermark(maximum);
        }
    }
}
