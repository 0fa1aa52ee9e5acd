package io.sabot.watermarks.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.TimerQueue.Timer;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Timer semantics that Flink users rely on, on a heap backend. */
class InternalTimerServiceTest {

    private static final byte[] NONE = new byte[0];

    private static KeyedStateBackend backend() throws Exception {
        return StateBackends.create(StateBackendConfig.heap(), KeyType.UTF8, 128, new KeyGroupRange(0, 127),
                TtlTimeProvider.SYSTEM, "timers-test", List.of());
    }

    /** Records what fires and, optionally, registers more timers while firing. */
    private static final class Recorder implements OperatorTimerService.Triggerable {
        final List<String> fired = new ArrayList<>();
        InternalTimerService service;
        long chainUpTo = Long.MIN_VALUE; // an event timer at t registers one at t + 1 while t + 1 <= this

        @Override
        public void onEventTime(Timer timer) {
            fired.add("event " + timer.key() + "@" + timer.timestamp());
            if (timer.timestamp() + 1 <= chainUpTo) {
                service.registerEventTimeTimer(NONE, timer.timestamp() + 1);
            }
        }

        @Override
        public void onProcessingTime(Timer timer) {
            fired.add("processing " + timer.key() + "@" + timer.timestamp());
        }
    }

    @Test
    void eventTimersFireOnceInTimeOrderWithTheirKeyAndNeverWhenDeleted() throws Exception {
        try (KeyedStateBackend backend = backend()) {
            InternalTimerService timers = new InternalTimerService(backend, "op", () -> 0, t -> {});
            Recorder recorder = new Recorder();
            backend.setCurrentKeyObject("b");
            timers.registerEventTimeTimer(NONE, 20);
            timers.registerEventTimeTimer(NONE, 20); // the same timer
            timers.registerEventTimeTimer(NONE, 5);
            backend.setCurrentKeyObject("a");
            timers.registerEventTimeTimer(NONE, 10);
            timers.registerEventTimeTimer(NONE, 15);
            timers.deleteEventTimeTimer(NONE, 15);

            timers.advanceWatermark(12, recorder);
            assertEquals(List.of("event b@5", "event a@10"), recorder.fired);
            assertEquals(12, timers.currentWatermark());

            timers.advanceWatermark(11, recorder); // never back
            timers.advanceWatermark(Long.MAX_VALUE, recorder);
            assertEquals(List.of("event b@5", "event a@10", "event b@20"), recorder.fired);
            assertEquals(0, timers.eventTimeTimers());
        }
    }

    @Test
    void aTimerRegisteredWhileFiringAtOrBeforeTheWatermarkFiresInTheSamePass() throws Exception {
        try (KeyedStateBackend backend = backend()) {
            Recorder recorder = new Recorder();
            InternalTimerService timers = new InternalTimerService(backend, "op", () -> 0, t -> {});
            recorder.service = timers;
            recorder.chainUpTo = 103;
            backend.setCurrentKeyObject("k");
            timers.registerEventTimeTimer(NONE, 100);

            timers.advanceWatermark(102, recorder);
            assertEquals(List.of("event k@100", "event k@101", "event k@102"), recorder.fired);
            assertEquals(1, timers.eventTimeTimers(), "103 waits for a watermark that reaches it");
        }
    }

    @Test
    void processingTimersFireOnTheClockAndAskToBeWokenForTheNext() throws Exception {
        try (KeyedStateBackend backend = backend()) {
            AtomicLong clock = new AtomicLong(1_000);
            List<Long> wakeUps = new ArrayList<>();
            InternalTimerService timers = new InternalTimerService(backend, "op", clock::get, wakeUps::add);
            Recorder recorder = new Recorder();
            backend.setCurrentKeyObject("x");
            timers.registerProcessingTimeTimer(NONE, 1_200);
            timers.registerProcessingTimeTimer(NONE, 1_100); // earlier: another wake-up
            timers.registerProcessingTimeTimer(NONE, 1_300); // later: the 1,100 wake-up covers it
            assertEquals(List.of(1_200L, 1_100L), wakeUps);

            clock.set(1_150);
            timers.advanceProcessingTime(recorder);
            assertEquals(List.of("processing x@1100"), recorder.fired);
            assertEquals(1_200L, wakeUps.get(wakeUps.size() - 1), "woken again for the next due timer");

            clock.set(5_000);
            timers.advanceProcessingTime(recorder);
            assertEquals(List.of("processing x@1100", "processing x@1200", "processing x@1300"), recorder.fired);
        }
    }
}
