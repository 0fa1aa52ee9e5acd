package io.sabot.state.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Timers on every backend: one per (key, timestamp, namespace), fired in timestamp order, snapshotted. */
class TimerQueueTest extends BackendTestBase {

    /** The independent model: a sorted set of "timestamp/key/namespace" (timestamps padded so text order is time order). */
    private static String id(long ts, String key, byte ns) {
        return String.format("%012d/%s/%d", ts, key, ns);
    }

    private static List<String> drain(TimerQueue queue, long upTo) {
        List<String> fired = new ArrayList<>();
        TimerQueue.Timer timer;
        while ((timer = queue.pollUpTo(upTo)) != null) {
            fired.add(id(timer.timestamp(), (String) timer.key(), timer.namespace().length == 0 ? 0 : timer.namespace()[0]));
        }
        return fired;
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void timersFireInTimestampOrderOncePerKeyTimestampAndNamespace(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        TimerQueue queue = backend.timers("event-time");
        TreeSet<String> model = new TreeSet<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            String key = "K" + random.nextInt(50);
            long ts = random.nextLong(1_000, 100_000);
            byte ns = (byte) random.nextInt(3);
            backend.setCurrentKeyObject(key);
            byte[] namespace = ns == 0 ? new byte[0] : new byte[] {ns};
            if (random.nextInt(10) == 0 && !model.isEmpty()) {
                queue.remove(ts, namespace);
                model.remove(id(ts, key, ns));
            } else {
                queue.add(ts, namespace);
                queue.add(ts, namespace); // registering twice changes nothing
                model.add(id(ts, key, ns));
            }
        }
        assertEquals(model.size(), queue.size());
        assertEquals(Long.parseLong(model.first().substring(0, 12)), queue.nextTimestamp());
        List<String> firstHalf = drain(queue, 50_000);
        List<String> expectedFirst = new ArrayList<>(model.headSet(id(50_001, "", (byte) 0)));
        assertEquals(expectedFirst.size(), firstHalf.size());
        // Within one timestamp the order between keys is the backend's; compare timestamps in order and the sets.
        assertEquals(expectedFirst.stream().map(s -> s.substring(0, 12)).toList(),
                firstHalf.stream().map(s -> s.substring(0, 12)).toList(), "fired in timestamp order");
        assertEquals(new TreeSet<>(expectedFirst), new TreeSet<>(firstHalf));
        backend.setCurrentKeyObject("K1");
        queue.add(10, new byte[0]); // registered after later timers fired: fires at the next poll
        assertEquals(List.of(id(10, "K1", (byte) 0)), drain(queue, 10));
        List<String> rest = drain(queue, Long.MAX_VALUE);
        assertEquals(new TreeSet<>(model.tailSet(id(50_001, "", (byte) 0))), new TreeSet<>(rest));
        assertNull(queue.pollUpTo(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, queue.nextTimestamp());
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void timersAreSnapshottedAndRestoredIntoAnotherParallelism(StateBackendKind kind) throws Exception {
        List<SnapshotHandle> handles = new ArrayList<>();
        TreeSet<String> model = new TreeSet<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            KeyedStateBackend backend = fixture.create(kind, BackendFixture.range(subtask, 2), List.of());
            TimerQueue queue = backend.timers("event-time");
            for (int i = 0; i < 200; i++) {
                String key = "K" + i;
                if (BackendFixture.subtaskOf(key, 2) == subtask) {
                    backend.setCurrentKeyObject(key);
                    queue.add(1_000 + i, new byte[0]);
                    model.add(id(1_000 + i, key, (byte) 0));
                }
            }
            handles.add(backend.snapshot(1, directory.resolve("chk-1")).write());
        }
        List<String> restored = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            KeyedStateBackend backend = fixture.create(kind, BackendFixture.range(subtask, 3), handles);
            List<String> fired = drain(backend.timers("event-time"), Long.MAX_VALUE);
            for (String f : fired) {
                assertEquals(BackendFixture.subtaskOf(f.split("/")[1], 3), Integer.valueOf(subtask), f);
            }
            restored.addAll(fired);
        }
        assertEquals(model, new TreeSet<>(restored), "every timer restored once, by its key's new subtask");
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void timersTravelThroughAnExport(StateBackendKind kind) throws Exception {
        KeyedStateBackend source = fixture.create(kind);
        source.setCurrentKeyObject("A");
        source.timers("t").add(42, new byte[] {7});
        source.exportTo(directory.resolve("export.arrow"));
        for (StateBackendKind target : StateBackendKind.values()) {
            KeyedStateBackend backend = fixture.create(target);
            backend.importFrom(directory.resolve("export.arrow"));
            assertEquals(List.of(id(42, "A", (byte) 7)), drain(backend.timers("t"), 100), kind + " -> " + target);
        }
    }

    @org.junit.jupiter.api.Test
    void rocksDbHoldsManyTimersInOrder() throws Exception {
        KeyedStateBackend backend = fixture.create(StateBackendKind.ROCKSDB);
        TimerQueue queue = backend.timers("event-time");
        SplittableRandom random = new SplittableRandom(8);
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            backend.setCurrentKeyObject("K" + (i % 10_000));
            queue.add(random.nextLong(0, 1_000_000_000L), new byte[0]);
        }
        long previous = Long.MIN_VALUE;
        long fired = 0;
        for (long upTo = 0; upTo <= 1_000_000_000L; upTo += 10_000_000L) {
            TimerQueue.Timer timer;
            while ((timer = queue.pollUpTo(upTo)) != null) {
                assertEquals(true, timer.timestamp() >= previous && timer.timestamp() <= upTo);
                previous = timer.timestamp();
                fired++;
            }
        }
        assertEquals(0, queue.size(), "all fired");
        assertEquals(true, fired > count * 0.99, "duplicates (same key and time) are rare: " + fired);
    }
}
