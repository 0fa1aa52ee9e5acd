package io.sabot.watermarks.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-split watermarks: the minimum over the active splits, idleness per split, ended splits released. */
class SplitWatermarksTest {

    /** What the combined output saw, in order: "wm 12", "idle", "active". */
    private final List<String> seen = new ArrayList<>();
    private long lastWatermark = Long.MIN_VALUE;
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(long watermark) {
            if (watermark > lastWatermark) { // as the source task's output: only higher ones count
                lastWatermark = watermark;
                seen.add("wm " + watermark);
            }
        }

        @Override
        public void markIdle() {
            seen.add("idle");
        }

        @Override
        public void markActive() {
            seen.add("active");
        }
    };
    private long now;

    private SplitWatermarks splits(Duration idleness) {
        WatermarkStrategy strategy = WatermarkStrategy.forBoundedOutOfOrderness(Duration.ZERO);
        WatermarkStrategy withIdleness = idleness == null ? strategy : strategy.withIdleness(idleness);
        return new SplitWatermarks(() -> withIdleness.createGenerator(() -> now), output);
    }

    @Test
    void theSlowestPartitionHoldsTheSourceBack() {
        SplitWatermarks watermarks = splits(null);
        watermarks.retain(List.of("p0", "p1"));
        watermarks.onEvent("p0", 100);
        watermarks.onPeriodicEmit();
        assertEquals(List.of(), seen, "p1 has no watermark yet: it holds the source back");
        watermarks.onEvent("p1", 40);
        watermarks.onPeriodicEmit();
        watermarks.onEvent("p1", 70);
        watermarks.onPeriodicEmit();
        assertEquals(List.of("wm 39", "wm 69"), seen); // bounded out-of-orderness 0: max - 1
        watermarks.retain(List.of("p0")); // p1 ended: p0 alone counts
        assertEquals(List.of("wm 39", "wm 69", "wm 99"), seen);
    }

    @Test
    void anIdlePartitionStopsHoldingTheSourceBackUntilItHasRecordsAgain() {
        SplitWatermarks watermarks = splits(Duration.ofMillis(100));
        watermarks.retain(List.of("p0", "p1"));
        watermarks.onEvent("p0", 10);
        watermarks.onEvent("p1", 5);
        watermarks.onPeriodicEmit();
        assertEquals(List.of("wm 4"), seen);
        for (int tick = 0; tick < 3; tick++) { // p0 goes on, p1 gets nothing for longer than the timeout
            now += 60;
            watermarks.onEvent("p0", 20 + tick * 10);
            watermarks.onPeriodicEmit();
        }
        assertEquals(List.of("wm 4", "wm 39"), seen, "p1 idle: p0's watermark alone");
        now += 60;
        watermarks.onEvent("p1", 25);
        watermarks.onPeriodicEmit();
        watermarks.onEvent("p0", 60);
        watermarks.onPeriodicEmit();
        assertEquals(List.of("wm 4", "wm 39"), seen, "p1 is back at 24: the minimum stays until it passes 39");
        watermarks.onEvent("p1", 80);
        watermarks.onPeriodicEmit();
        assertEquals(List.of("wm 4", "wm 39", "wm 59"), seen);
    }

    @Test
    void noSplitsOrAllIdleIsAnIdleSource() {
        SplitWatermarks watermarks = splits(Duration.ofMillis(10));
        watermarks.retain(List.of());
        watermarks.onPeriodicEmit();
        assertEquals(List.of("idle"), seen, "a subtask without partitions holds nobody back");
        seen.clear();
        watermarks.retain(List.of("p0"));
        watermarks.onEvent("p0", 50);
        watermarks.onPeriodicEmit();
        assertEquals(List.of("wm 49"), seen);
        now += 20;
        watermarks.onPeriodicEmit();
        now += 20;
        watermarks.onPeriodicEmit();
        assertEquals(List.of("wm 49", "idle"), seen);
    }

    @Test
    void eachSplitsGeneratorIsRestored() {
        SplitWatermarks first = splits(null);
        first.retain(List.of("p0", "p1"));
        first.onEvent("p0", 300);
        first.onEvent("p1", 200);
        Map<String, long[]> state = first.snapshotState();
        SplitWatermarks restored = splits(null);
        restored.restoreState(state);
        restored.retain(List.of("p0", "p1"));
        restored.onPeriodicEmit();
        assertEquals(List.of("wm 199"), seen);
        assertEquals(2, restored.snapshotState().size());
    }
}
