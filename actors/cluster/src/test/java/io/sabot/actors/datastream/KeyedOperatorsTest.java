package io.sabot.actors.datastream;

import static io.sabot.actors.datastream.RecordOperatorsTest.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.records.RecordType;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyed operators on a real node against plain loops: Flink's rolling reduce and its sum, min,
 * max, minBy and maxBy shortcuts, keys from a KeySelector and from several columns (placed on the
 * subtask Flink's key-group assignment names), and side outputs of a KeyedProcessFunction.
 */
class KeyedOperatorsTest extends OnOneNode {

    private static final List<Tick> TICKS = Tick.generate(3_000, 25, 3);

    private static List<Tick> rolling(String name, int parallelism) throws Exception {
        CollectSink<Tick> sink = CollectSink.of(Tick.class);
        JobBuilder job = JobBuilder.named(name);
        DataStream ticks = job.source("ticks", CollectionSource.of(Tick.class, TICKS).withBatchSize(64));
        if (parallelism > 1) { // the shortcuts take their input's parallelism: spread it first, each key's order kept
            ticks = ticks.keyBy("symbol").process("spread", PassOn::new, Tick.class, Tick.class, parallelism);
        }
        var keyed = ticks.keyBy("symbol");
        DataStream out = switch (name) {
            case "reduce" -> keyed.reduce("agg", (a, b) -> new Tick(a.symbol(), a.venue(), b.ts(), Math.max(a.price(), b.price()),
                    a.size() + b.size(), b.seq()), Tick.class);
            case "sum" -> keyed.sum("agg", "size", Tick.class);
            case "min" -> keyed.min("agg", "price", Tick.class);
            case "max" -> keyed.max("agg", "price", Tick.class);
            case "minBy" -> keyed.minBy("agg", "price", Tick.class);
            case "maxBy" -> keyed.maxBy("agg", "price", Tick.class);
            default -> throw new IllegalArgumentException(name);
        };
        out.sinkTo("out", sink);
        node.execute(job.build());
        return sink.records();
    }

    /** Per key, in input order, the value a rolling {@code combine} gives after each record. */
    private static List<Tick> expectedRolling(BinaryOperator<Tick> combine) {
        Map<String, Tick> current = new HashMap<>();
        List<Tick> expected = new ArrayList<>();
        for (Tick t : TICKS) {
            expected.add(current.merge(t.symbol(), t, combine));
        }
        return expected;
    }

    public static final class PassOn extends KeyedProcessFunction<String, Tick, Tick> {
        @Override
        public void processElement(Tick t, Context ctx, Collector<Tick> out) {
            out.collect(t);
        }
    }

    @ParameterizedTest(name = "{0} at parallelism {1}")
    @org.junit.jupiter.params.provider.CsvSource({"reduce, 1", "reduce, 3", "sum, 1", "sum, 3", "min, 3", "max, 3",
            "minBy, 1", "minBy, 3", "maxBy, 3"})
    void rollingAggregationsFollowFlinksRules(String name, int parallelism) throws Exception {
        BinaryOperator<Tick> combine = switch (name) {
            case "reduce" -> (a, b) -> new Tick(a.symbol(), a.venue(), b.ts(), Math.max(a.price(), b.price()),
                    a.size() + b.size(), b.seq());
            // sum/min/max: the first record of the key with the field aggregated
            case "sum" -> (a, b) -> new Tick(a.symbol(), a.venue(), a.ts(), a.price(), a.size() + b.size(), a.seq());
            case "min" -> (a, b) -> new Tick(a.symbol(), a.venue(), a.ts(), Math.min(a.price(), b.price()), a.size(), a.seq());
            case "max" -> (a, b) -> new Tick(a.symbol(), a.venue(), a.ts(), Math.max(a.price(), b.price()), a.size(), a.seq());
            // minBy/maxBy: the whole record with the extreme value, the earlier one on ties
            case "minBy" -> (a, b) -> b.price() < a.price() ? b : a;
            case "maxBy" -> (a, b) -> b.price() > a.price() ? b : a;
            default -> throw new IllegalArgumentException(name);
        };
        List<Tick> expected = expectedRolling(combine);
        List<Tick> actual = rolling(name, parallelism);
        // one output per input; per key in input order (the keys' outputs interleave freely)
        assertEquals(expected.size(), actual.size());
        assertEquals(perKey(expected), perKey(actual));
    }

    private static Map<String, List<Tick>> perKey(List<Tick> ticks) {
        Map<String, List<Tick>> byKey = new HashMap<>();
        ticks.forEach(t -> byKey.computeIfAbsent(t.symbol(), k -> new ArrayList<>()).add(t));
        return byKey;
    }

    @Test
    void sumOfATextFieldIsRefusedWhenTheJobIsBuilt() {
        JobBuilder job = JobBuilder.named("bad-sum");
        var keyed = job.source("ticks", CollectionSource.of(Tick.class, TICKS)).keyBy("symbol");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keyed.sum("agg", "venue", Tick.class));
        assertEquals("agent 'agg': cannot sum field 'venue' of Tick: it is a String (sum takes long, int or double)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> keyed.max("agg2", "nope", Tick.class));
    }

    public record Count(String key, long count, int subtask) {}

    /** Counts the records of each key and says which subtask saw them. */
    public static final class CountPerKey<K> extends KeyedProcessFunction<K, Tick, Count> {
        private ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Tick t, Context ctx, Collector<Count> out) throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(new Count(String.valueOf(ctx.getCurrentKey()), n, getRuntimeContext().getIndexOfThisSubtask()));
        }
    }

    /**
     * keyBy(KeySelector) with a String key and a Long key, and keyBy of two columns: every key's
     * records are counted by one subtask — the one Flink's key-group assignment gives the key — and
     * the counts equal a plain loop's.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"string-selector", "long-selector", "composite"})
    void keysFromASelectorOrSeveralColumnsGoWhereFlinkPutsThem(String kind) throws Exception {
        int parallelism = 3;
        CollectSink<Count> sink = CollectSink.of(Count.class);
        JobBuilder job = JobBuilder.named("keys-" + kind);
        DataStream ticks = job.source("ticks", CollectionSource.of(Tick.class, TICKS).withBatchSize(50));
        var keyed = switch (kind) {
            case "string-selector" -> ticks.keyBy((Tick t) -> t.symbol().substring(0, 2), Tick.class, String.class);
            case "long-selector" -> ticks.keyBy((Tick t) -> t.size() % 17, Tick.class, Long.class);
            default -> ticks.keyBy("symbol", "venue");
        };
        keyed.process("count", CountPerKey::new, Tick.class, Count.class, parallelism).sinkTo("out", sink);
        var graph = job.build();
        node.execute(graph);

        Map<Object, Long> counts = new HashMap<>();
        for (Tick t : TICKS) {
            Object key = switch (kind) {
                case "string-selector" -> t.symbol().substring(0, 2);
                case "long-selector" -> t.size() % 17;
                default -> t.symbol() + "|" + t.venue();
            };
            counts.merge(key, 1L, Long::sum);
        }
        Map<String, Long> last = new HashMap<>();
        for (Count c : sink.records()) {
            last.merge(c.key(), c.count(), Math::max);
        }
        Map<String, Long> expected = new HashMap<>();
        counts.forEach((k, v) -> expected.put(String.valueOf(k), v));
        assertEquals(expected, last);
        for (Count c : sink.records()) {
            Object key = kind.equals("long-selector") ? (Object) Long.valueOf(c.key()) : c.key();
            assertEquals(KeyGroupRangeAssignment.assignKeyToParallelOperator(key, graph.maxParallelism(), parallelism),
                    c.subtask(), "key " + key + " is on the subtask Flink assigns it to");
        }
        assertTrue(sink.records().stream().map(Count::subtask).distinct().count() > 1, "keys spread over the subtasks");
    }

    /** ("A|B", "C") and ("A", "B|C") are different tuples: they must not become one key "A|B|C". */
    @Test
    void compositeKeysOfValuesWithTheSeparatorStayApart() throws Exception {
        List<Tick> ticks = List.of(new Tick("A|B", "C", 1, 1, 1, 0), new Tick("A", "B|C", 2, 1, 1, 1),
                new Tick("A\\", "|C", 3, 1, 1, 2), new Tick("A|B", "C", 4, 1, 1, 3));
        CollectSink<Count> sink = CollectSink.of(Count.class);
        JobBuilder job = JobBuilder.named("escaped-keys");
        job.source("ticks", CollectionSource.of(Tick.class, ticks)).keyBy("symbol", "venue")
                .process("count", CountPerKey::new, Tick.class, Count.class, 2).sinkTo("out", sink);
        node.execute(job.build());
        Map<String, Long> counts = new HashMap<>();
        sink.records().forEach(c -> counts.merge(c.key(), c.count(), Math::max));
        assertEquals(Map.of("A\\|B|C", 2L, "A|B\\|C", 1L, "A\\\\|\\|C", 1L), counts);
    }

    public record Alert(String symbol, long seq, double price) {}

    static final OutputTag ALERTS = RecordType.outputTag("alerts", Alert.class);

    /** Passes every tick on; a price more than 5 above the key's previous one goes to the side output too. */
    public static final class Jumps extends KeyedProcessFunction<String, Tick, Tick> {
        private ValueState<Double> previous;

        @Override
        public void open() {
            previous = getRuntimeContext().getState(new ValueStateDescriptor<>("previous", Double.class));
        }

        @Override
        public void processElement(Tick t, Context ctx, Collector<Tick> out) throws Exception {
            if (previous.value() != null && t.price() > previous.value() + 5) {
                ctx.output(ALERTS, new Alert(t.symbol(), t.seq(), t.price()));
            }
            previous.update(t.price());
            out.collect(t);
        }
    }

    @Test
    void aKeyedProcessFunctionEmitsToASideOutput() throws Exception {
        CollectSink<Tick> main = CollectSink.of(Tick.class);
        CollectSink<Alert> alerts = CollectSink.of(Alert.class);
        JobBuilder job = JobBuilder.named("side");
        DataStream out = job.source("ticks", CollectionSource.of(Tick.class, TICKS).withBatchSize(100))
                .keyBy("symbol").process("jumps", Jumps::new, Tick.class, Tick.class, 3);
        out.sinkTo("out", main);
        out.getSideOutput(ALERTS).sinkTo("alerts", alerts);
        node.execute(job.build());

        Map<String, Double> previous = new HashMap<>();
        List<Alert> expected = new ArrayList<>();
        for (Tick t : TICKS) {
            Double p = previous.put(t.symbol(), t.price());
            if (p != null && t.price() > p + 5) {
                expected.add(new Alert(t.symbol(), t.seq(), t.price()));
            }
        }
        assertTrue(expected.size() > 50);
        assertEquals(expected, sorted(alerts.records(), Comparator.comparingLong(Alert::seq)));
        assertEquals(TICKS.size(), main.records().size());
    }
}
