package io.sabot.watermarks.valve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusWatermarkValveTest {

    /** Records what the valve emits: numbers for watermarks, "idle"/"active" for statuses. */
    private static final class Recorder implements StatusWatermarkValve.Output {
        final List<Object> emitted = new ArrayList<>();

        @Override
        public void emitWatermark(long watermark) {
            emitted.add(watermark);
        }

        @Override
        public void emitStatus(boolean idle) {
            emitted.add(idle ? "idle" : "active");
        }

        List<Object> take() {
            List<Object> copy = List.copyOf(emitted);
            emitted.clear();
            return copy;
        }
    }

    @Test
    void theOutputIsTheMinimumOverChannelsAndNeverGoesBack() {
        StatusWatermarkValve valve = new StatusWatermarkValve(3);
        Recorder out = new Recorder();
        valve.inputWatermark(10, 0, out);
        valve.inputWatermark(20, 1, out);
        assertEquals(List.of(), out.take(), "channel 2 still at MIN");
        valve.inputWatermark(5, 2, out);
        assertEquals(List.of(5L), out.take());
        valve.inputWatermark(3, 2, out);
        assertEquals(List.of(), out.take(), "a channel's watermark never goes back");
        valve.inputWatermark(15, 2, out);
        assertEquals(List.of(10L), out.take(), "now channel 0 holds the minimum");
        valve.inputWatermark(25, 0, out);
        assertEquals(List.of(15L), out.take());
        assertEquals(15, valve.watermark());
    }

    @Test
    void idleChannelsLeaveTheMinimumAndRejoinOnlyOnceCaughtUp() {
        StatusWatermarkValve valve = new StatusWatermarkValve(2);
        Recorder out = new Recorder();
        valve.inputWatermark(10, 0, out);
        valve.inputWatermark(5, 1, out);
        assertEquals(List.of(5L), out.take());
        valve.inputStatus(true, 1, out); // channel 1 held the minimum and goes idle
        assertEquals(List.of(10L), out.take(), "the minimum over the remaining active channel");
        valve.inputWatermark(8, 1, out);
        assertEquals(List.of(), out.take(), "an idle channel's watermark is ignored");
        valve.inputStatus(false, 1, out); // back, but its watermark 5 is behind the output 10
        valve.inputWatermark(30, 0, out);
        assertEquals(List.of(30L), out.take(), "channel 1 is not aligned: it does not hold the output back");
        valve.inputWatermark(12, 1, out);
        assertEquals(List.of(), out.take(), "12 is still behind the output 30: not aligned yet");
        valve.inputWatermark(35, 1, out);
        assertEquals(List.of(), out.take(), "caught up (35 >= 30): aligned again; the minimum is still 30");
        valve.inputWatermark(40, 0, out);
        assertEquals(List.of(35L), out.take(), "now channel 1 holds the minimum");
    }

    @Test
    void whenEveryChannelIsIdleTheMaximumIsFlushedAndTheValveTurnsIdle() {
        StatusWatermarkValve valve = new StatusWatermarkValve(2);
        Recorder out = new Recorder();
        valve.inputWatermark(7, 0, out);
        valve.inputWatermark(20, 1, out);
        assertEquals(List.of(7L), out.take());
        valve.inputStatus(true, 1, out);
        assertEquals(List.of(), out.take(), "channel 1 did not hold the output");
        valve.inputStatus(true, 0, out);
        assertEquals(List.of(20L, "idle"), out.take(), "all idle: flush the maximum, then idle");
        assertTrue(valve.isIdle());
        valve.inputWatermark(50, 0, out);
        assertEquals(List.of(), out.take(), "ignored while idle");
        valve.inputStatus(false, 0, out);
        assertEquals(List.of("active"), out.take());
        valve.inputWatermark(50, 0, out);
        assertEquals(List.of(50L), out.take());
    }
}
