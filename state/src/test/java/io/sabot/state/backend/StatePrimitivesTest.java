package io.sabot.state.backend;

import io.sabot.state.api.ColumnarStateStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.state.api.AggregateFunction;
import io.sabot.state.api.AggregatingState;
import io.sabot.state.api.AggregatingStateDescriptor;
import io.sabot.state.api.ListState;
import io.sabot.state.api.ListStateDescriptor;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReducingState;
import io.sabot.state.api.ReducingStateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Flink's contracts of every state primitive, on every backend. */
class StatePrimitivesTest extends BackendTestBase {

    /** A point with a mutable list, serialized by Jackson. */
    public record Position(String venue, double quantity) {}

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void valueStateIsPerKeyAndUpdateNullClears(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        ValueState<Long> count = backend.getState(new ValueStateDescriptor<>("count", Long.class));
        ValueState<Position> position = backend.getState(new ValueStateDescriptor<>("position", Position.class));
        backend.setCurrentKeyObject("AAPL");
        assertNull(count.value(), "null before the first update");
        count.update(5L);
        position.update(new Position("XNAS", 100));
        backend.setCurrentKeyObject("MSFT");
        assertNull(count.value());
        count.update(7L);
        backend.setCurrentKeyObject("AAPL");
        assertEquals(5L, count.value());
        assertEquals(new Position("XNAS", 100), position.value());
        count.update(null);
        assertNull(count.value(), "update(null) clears");
        backend.setCurrentKeyObject("MSFT");
        assertEquals(7L, count.value());
        count.clear();
        assertNull(count.value());
        assertSame(count, backend.getState(new ValueStateDescriptor<>("count", Long.class)), "one state per name");
        assertThrows(IllegalStateException.class,
                () -> backend.getState(new ValueStateDescriptor<>("count", String.class)), "a name has one type");
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void listStateFollowsFlinksContract(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        ListState<String> list = backend.getListState(new ListStateDescriptor<>("fills", String.class));
        backend.setCurrentKeyObject("AAPL");
        assertNull(list.get(), "an empty list state reads null");
        list.add("a");
        list.addAll(List.of("b", "c"));
        assertEquals(List.of("a", "b", "c"), toList(list.get()));
        list.addAll(List.of());
        assertEquals(List.of("a", "b", "c"), toList(list.get()));
        assertThrows(NullPointerException.class, () -> list.add(null));
        List<String> withNull = new ArrayList<>(List.of("x"));
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> list.update(withNull));
        list.update(List.of("z"));
        assertEquals(List.of("z"), toList(list.get()));
        backend.setCurrentKeyObject("MSFT");
        assertNull(list.get());
        backend.setCurrentKeyObject("AAPL");
        list.update(List.of());
        assertNull(list.get(), "update(empty) clears");
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void mapStateFollowsFlinksContract(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        MapState<String, Double> map = backend.getMapState(new MapStateDescriptor<>("byVenue", String.class, Double.class));
        backend.setCurrentKeyObject("AAPL");
        assertTrue(map.isEmpty());
        assertNull(map.get("XNAS"));
        map.put("XNAS", 1.5);
        map.putAll(Map.of("BATS", 2.0, "ARCA", 3.0));
        assertEquals(1.5, map.get("XNAS"));
        assertTrue(map.contains("BATS"));
        assertFalse(map.contains("IEX"));
        map.remove("BATS");
        assertFalse(map.contains("BATS"));
        assertEquals(Map.of("XNAS", 1.5, "ARCA", 3.0), toMap(map.entries()));
        List<String> keys = new ArrayList<>();
        map.keys().forEach(keys::add);
        assertEquals(2, keys.size());
        assertThrows(NullPointerException.class, () -> map.put(null, 1.0));
        backend.setCurrentKeyObject("MSFT");
        assertTrue(map.isEmpty(), "entries are per key");
        map.put("XNAS", 9.0);
        backend.setCurrentKeyObject("AAPL");
        map.clear();
        assertTrue(map.isEmpty());
        backend.setCurrentKeyObject("MSFT");
        assertEquals(Map.of("XNAS", 9.0), toMap(map.entries()), "clear() of one key leaves the others");
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void reducingAndAggregatingStates(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        ReducingState<Double> max = backend.getReducingState(new ReducingStateDescriptor<>("max", Math::max, Double.class));
        AggregatingState<Double, Double> mean = backend.getAggregatingState(
                new AggregatingStateDescriptor<>("mean", new Mean(), double[].class));
        backend.setCurrentKeyObject("AAPL");
        assertNull(max.get());
        assertNull(mean.get());
        for (double x : new double[] {3, 9, 4}) {
            max.add(x);
            mean.add(x);
        }
        assertEquals(9.0, max.get());
        assertEquals(16.0 / 3, mean.get(), 1e-12);
        backend.setCurrentKeyObject("MSFT");
        mean.add(10.0);
        assertEquals(10.0, mean.get());
        assertNull(max.get());
        backend.setCurrentKeyObject("AAPL");
        max.clear();
        assertNull(max.get());
        assertEquals(16.0 / 3, mean.get(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void columnsAreIndexedByTheBatchKeyIdsAndCarryAcrossBatches(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        var sums = backend.doubleColumn("sum", 0.0);
        var counts = backend.longColumn("count", 0L);
        Map<String, Double> expectedSums = new TreeMap<>();
        Map<String, Long> expectedCounts = new HashMap<>();
        List<List<String>> batches = List.of(List.of("A", "B", "A", "C"), List.of("C", "C", "D"), List.of("A", "D", "E", "B"));
        int[] ids = new int[16];
        double value = 1;
        for (List<String> keys : batches) {
            try (VectorSchemaRoot batch = fixture.batch(keys)) {
                int size = backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
                double[] s = sums.values();
                long[] c = counts.values();
                assertTrue(s.length >= size && c.length >= size);
                for (int row = 0; row < keys.size(); row++) {
                    assertEquals(keys.get(row), backend.key(ids[row]));
                    s[ids[row]] += value;
                    c[ids[row]]++;
                    expectedSums.merge(keys.get(row), value, Double::sum);
                    expectedCounts.merge(keys.get(row), 1L, Long::sum);
                    value *= 2;
                }
                backend.finishBatch();
            }
        }
        try (VectorSchemaRoot batch = fixture.batch(new ArrayList<>(expectedSums.keySet()))) {
            backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
            for (int row = 0; row < batch.getRowCount(); row++) {
                String key = (String) backend.key(ids[row]);
                assertEquals(expectedSums.get(key), sums.values()[ids[row]], key);
                assertEquals(expectedCounts.get(key), counts.values()[ids[row]], key);
            }
            backend.finishBatch();
        }
        assertThrows(IllegalArgumentException.class, () -> backend.getState(new ValueStateDescriptor<>("sum", Long.class)),
                "a column name is taken");
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void aWideColumnKeepsEachKeysValuesSideBySideAcrossBatches(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind);
        int width = 4;
        var window = backend.doubleColumns("window", width, -1.0);
        var single = backend.doubleColumn("single", 0.0); // a one-wide column beside it keeps its own values
        Map<String, double[]> expected = new TreeMap<>();
        List<List<String>> batches = List.of(List.of("A", "B", "A", "C", "A"), List.of("C", "A", "D"), List.of("A", "B"));
        int[] ids = new int[16];
        double value = 1;
        for (List<String> keys : batches) {
            try (VectorSchemaRoot batch = fixture.batch(keys)) {
                backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
                double[] w = window.values();
                for (int row = 0; row < keys.size(); row++) {
                    double[] mine = expected.computeIfAbsent(keys.get(row), k -> new double[] {-1, -1, -1, -1, 0});
                    int slot = (int) (mine[4] % width); // a ring: the oldest value is replaced
                    w[ids[row] * width + slot] = value;
                    single.values()[ids[row]] += value;
                    mine[slot] = value;
                    mine[4]++;
                    value++;
                }
                backend.finishBatch();
            }
        }
        try (VectorSchemaRoot batch = fixture.batch(new ArrayList<>(expected.keySet()))) {
            backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
            for (int row = 0; row < batch.getRowCount(); row++) {
                String key = (String) backend.key(ids[row]);
                double[] mine = expected.get(key);
                for (int j = 0; j < width; j++) {
                    assertEquals(mine[j], window.values()[ids[row] * width + j], key + "[" + j + "]");
                }
            }
            backend.finishBatch();
        }
        assertEquals(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10, sumOf(backend, single, expected.keySet()));
        IllegalArgumentException wider = assertThrows(IllegalArgumentException.class,
                () -> backend.doubleColumns("window", width + 1, -1.0));
        assertTrue(wider.getMessage().contains("4 values wide"), wider.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.getState(new ValueStateDescriptor<>("window[2]", Long.class)),
                "an element's name is taken");
        assertThrows(IllegalArgumentException.class, () -> backend.doubleColumn("window[2]", 0.0),
                "an element's name is taken by columns too");
        assertThrows(IllegalArgumentException.class, () -> backend.timers("window[1]"), "and by timer queues");
        backend.timers("timers");
        assertThrows(IllegalArgumentException.class, () -> backend.longColumn("timers", 0L),
                "a timer queue's name is taken by columns");
    }

    private double sumOf(KeyedStateBackend backend, ColumnarStateStore.DoubleColumnState column,
                         java.util.Collection<String> keys) throws Exception {
        int[] ids = new int[keys.size()];
        double sum = 0;
        try (VectorSchemaRoot batch = fixture.batch(new ArrayList<>(keys))) {
            backend.bindBatch(batch, BackendFixture.SYMBOL, ids);
            for (int row = 0; row < keys.size(); row++) {
                sum += column.values()[ids[row]];
            }
            backend.finishBatch();
        }
        return sum;
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void aKeyOfAnotherSubtaskIsRejected(StateBackendKind kind) throws Exception {
        KeyedStateBackend backend = fixture.create(kind, BackendFixture.range(0, 2), List.of());
        String foreign = "K0";
        for (int i = 0; BackendFixture.subtaskOf(foreign, 2) == 0; i++) {
            foreign = "K" + i;
        }
        try (VectorSchemaRoot batch = fixture.batch(List.of(foreign))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> backend.bindBatch(batch, BackendFixture.SYMBOL, new int[1]));
            assertTrue(e.getMessage().contains("does not belong to this subtask's key groups"), e.getMessage());
        }
    }

    /** Mean of doubles with an accumulator {sum, count}. */
    static final class Mean implements AggregateFunction<Double, double[], Double> {
        @Override
        public double[] createAccumulator() {
            return new double[2];
        }

        @Override
        public double[] add(Double value, double[] accumulator) {
            return new double[] {accumulator[0] + value, accumulator[1] + 1};
        }

        @Override
        public Double getResult(double[] accumulator) {
            return accumulator[0] / accumulator[1];
        }

        @Override
        public double[] merge(double[] a, double[] b) {
            return new double[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    static <T> List<T> toList(Iterable<T> values) {
        List<T> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }

    static <K, V> Map<K, V> toMap(Iterable<Map.Entry<K, V>> entries) {
        Map<K, V> map = new HashMap<>();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }
}
