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
    void idlenessFollowsFlinksIdlenessTimerOnTheProcessingClock() {
        long[] now = {1_000};
        WatermarkGenerator generator = WatermarkStrategy.forMonotonousTimestamps()
                .withIdleness(Duration.ofSeconds(10)).createGenerator(() -> now[0]);
        Recorder out = new Recorder();
        generator.onEvent(50, out);           // 49
        generator.onPeriodicEmit(out);        // a record since the last check: 49
        now[0] += 60_000;
        generator.onPeriodicEmit(out);        // none since: inactivity starts at this check, 49
        now[0] += 10_000;
        generator.onPeriodicEmit(out);        // exactly the timeout: not yet (Flink: more than), 49
        now[0] += 1;
        generator.onPeriodicEmit(out);        // idle
        generator.onPeriodicEmit(out);        // still idle: nothing more
        generator.onEvent(60, out);           // 59: the higher watermark is what makes the source active again
        generator.onPeriodicEmit(out);        // a record since: 59
        assertEquals(List.of(49L, 49L, 49L, 49L, "idle", 59L, 59L), out.events);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> WatermarkStrategy.noWatermarks().withIdleness(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> WatermarkStrategy.noWatermarks().timestampAssigner());
    }
}
