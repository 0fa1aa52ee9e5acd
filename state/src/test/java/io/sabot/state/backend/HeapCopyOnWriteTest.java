package io.sabot.state.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * Heap snapshots are copy-on-write per entry: while a captured snapshot is being written, changing a
 * value in place copies that value only (not its key group), and the snapshot holds every value as
 * it was when captured.
 */
class HeapCopyOnWriteTest extends BackendTestBase {

    private static final int KEYS = 2_000; // about 16 keys in each of the 128 key groups

    /** A mutable value: what a user changes in place and puts back. */
    static final class Counter {
        long n;

        Counter(long n) {
            this.n = n;
        }
    }

    /** Counts its copies: how many values a snapshot made the backend copy. */
    static final class CountingSerializer implements TypeSerializer<Counter> {
        final AtomicInteger copies = new AtomicInteger();

        @Override
        public String id() {
            return "test-counter";
        }

        @Override
        public void serialize(Counter value, DataOutput out) throws IOException {
            out.writeLong(value.n);
        }

        @Override
        public Counter deserialize(DataInput in) throws IOException {
            return new Counter(in.readLong());
        }

        @Override
        public Counter copy(Counter value) {
            copies.incrementAndGet();
            return new Counter(value.n);
        }
    }

    private record States(ValueState<Counter> counter, ListState<Long> list, MapState<String, Long> map) {}

    private static States register(KeyedStateBackend backend, CountingSerializer serializer) {
        return new States(backend.getState(new ValueStateDescriptor<>("counter", serializer)),
                backend.getListState(new ListStateDescriptor<>("list", Long.class)),
                backend.getMapState(new MapStateDescriptor<>("map", String.class, Long.class)));
    }

    @Test
    void changesWhileASnapshotIsWrittenCopyOnlyTheValuesChangedAndTheSnapshotKeepsTheCapturedOnes() throws Exception {
        CountingSerializer serializer = new CountingSerializer();
        KeyedStateBackend backend = fixture.create(StateBackendKind.HEAP);
        States states = register(backend, serializer);
        forEachKey(backend, (i, key) -> {
            states.counter().update(new Counter(i));
            states.list().add((long) i);
            states.map().put("a", (long) i);
        });

        SnapshotWriter captured = backend.snapshot(1, directory.resolve("chk-1"));
        serializer.copies.set(0);
        forEachKey(backend, (i, key) -> {
            if (i % 100 == 0) { // 1% of the keys, in place
                Counter counter = states.counter().value();
                counter.n += 1_000_000;
                states.counter().update(counter);
                states.list().add(-1L);
                states.map().put("b", -1L);
            }
        });
        assertEquals(KEYS / 100, serializer.copies.get(), "only the values changed were copied, not their key groups");
        SnapshotHandle snapshot = captured.write();

        KeyedStateBackend restored = fixture.create(StateBackendKind.HEAP, snapshot.keyGroups(), List.of(snapshot));
        States asCaptured = register(restored, new CountingSerializer());
        forEachKey(restored, (i, key) -> {
            assertEquals(i, asCaptured.counter().value().n, key);
            assertEquals(List.of((long) i), StatePrimitivesTest.toList(asCaptured.list().get()), key);
            assertEquals(Map.of("a", (long) i), StatePrimitivesTest.toMap(asCaptured.map().entries()), key);
        });
        forEachKey(backend, (i, key) -> {
            boolean changed = i % 100 == 0;
            assertEquals(changed ? i + 1_000_000 : i, states.counter().value().n, key);
            assertEquals(changed ? List.of((long) i, -1L) : List.of((long) i), StatePrimitivesTest.toList(states.list().get()), key);
            assertEquals(changed ? Map.of("a", (long) i, "b", -1L) : Map.of("a", (long) i),
                    StatePrimitivesTest.toMap(states.map().entries()), key);
        });
    }

    private interface KeyAction {
        void run(int i, String key) throws Exception;
    }

    /** Runs {@code action} with each key current, in one batch of all keys. */
    private void forEachKey(KeyedStateBackend backend, KeyAction action) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("SYM" + i);
        }
        int[] ids = new int[KEYS];
        try (VectorSchemaRoot batch = fixture.batch(keys)) {
            backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
            for (int i = 0; i < KEYS; i++) {
                backend.setCurrentKey(ids[i]);
                action.run(i, keys.get(i));
            }
            backend.finishBatch();
        }
    }
}
