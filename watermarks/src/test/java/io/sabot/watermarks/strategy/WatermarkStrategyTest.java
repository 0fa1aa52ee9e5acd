package io.sabot.watermarks.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkStrategyTest {

    private static final class Recorder implements WatermarkOutput {
        final List<Object> events = new ArrayList<>();

        @Override
        public void emitWatermark(long watermark) {
            events.add(watermark);
        }

        @Override
        public void markIdle() {
            events.add("idle");
        }

        @Override
        public void markActive() {
            events.add("active");
        }
    }

    @Test
    void boundedOutOfOrdernessIsMaxMinusBoundMinusOneAfterEveryRecord() {
        WatermarkGenerator generator = WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5))
                .createGenerator(() -> 0);
        Recorder out = new Recorder();
        generator.onPeriodicEmit(out);
        assertEquals(List.of(Long.MIN_VALUE), out.events, "before any record");
        out.events.clear();
        for (long ts : new long[] {10_000, 12_000, 11_000, 20_000}) {
            generator.onEvent(ts, out);
        }
        assertEquals(List.of(4_999L, 6_999L, 14_999L), out.events, "only a new maximum moves it");
    }

    @Test
    void monotonousIsMaxMinusOne() {
        WatermarkGenerator generator = WatermarkStrategy.forMonotonousTimestamps().createGenerator(() -> 0);
        Recorder out = new Recorder();
        generator.onEvent(100, out);
        assertEquals(List.of(99L), out.events);
    }

    @Test
    void idlenessFollowsTheProcessingClock() {
        long[] now = {1_000};
        WatermarkGenerator generator = WatermarkStrategy.forMonotonousTimestamps()
                .withIdleness(Duration.ofSeconds(10)).createGenerator(() -> now[0]);
        Recorder out = new Recorder();
        generator.onEvent(50, out);
        now[0] += 9_999;
        generator.onPeriodicEmit(out);
        now[0] += 1;
        generator.onPeriodicEmit(out);
        generator.onPeriodicEmit(out);
        generator.onEvent(60, out);
        assertEquals(List.of(49L, 49L, "idle", "active", 59L), out.events);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> WatermarkStrategy.noWatermarks().withIdleness(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> WatermarkStrategy.noWatermarks().timestampAssigner());
    }
}
