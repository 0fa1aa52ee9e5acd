package io.sabot.actors.datastream;

import static io.sabot.actors.datastream.RecordOperatorsTest.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.CoProcessFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.KeyedCoProcessFunction;
import io.sabot.actors.datastream.RecordOperatorsTest.Bar;
import io.sabot.actors.datastream.RecordOperatorsTest.ToBar;
import io.sabot.actors.datastream.RecordOperatorsTest.Volume;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import io.sabot.watermarks.windows.TumblingEventTimeWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operators over two inputs on a real node, against plain loops: union (the watermark is the
 * minimum of the inputs', so a lagging input loses nothing), connect with a CoProcessFunction, and
 * a KeyedCoProcessFunction whose two inputs share each key's state and event-time timers.
 */
class TwoInputOperatorsTest extends OnOneNode {

    private static WatermarkStrategy eventTime() {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(Tick.BOUND))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    /**
     * Two sources over the same hour, one read in small batches and so far behind the other in
     * event time: were the union's watermark the maximum of its inputs', the slow one's rows would
     * be late and dropped. With the minimum, the windows equal a plain loop over both inputs.
     */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aUnionsWatermarkIsTheMinimumOfItsInputs(int parallelism) throws Exception {
        List<Tick> fast = Tick.generate(5_000, 10, 21);
        List<Tick> slow = Tick.generate(5_000, 10, 22);
        CollectSink<Bar> bars = CollectSink.of(Bar.class);
        JobBuilder job = JobBuilder.named("union");
        DataStream a = job.source("fast", CollectionSource.of(Tick.class, fast).withBatchSize(2_500), eventTime());
        DataStream b = job.source("slow", CollectionSource.of(Tick.class, slow).withBatchSize(10), eventTime());
        a.union(b).keyBy("symbol").window(TumblingEventTimeWindows.of(Duration.ofMillis(200)))
                .aggregate("bars", Volume::new, ToBar::new, Tick.class, Bar.class, parallelism)
                .sinkTo("out", bars);
        node.execute(job.build());

        Map<String, Bar> expected = new TreeMap<>();
        for (List<Tick> input : List.of(fast, slow)) {
            for (Tick t : input) {
                long start = t.ts() - Math.floorMod(t.ts(), 200);
                expected.merge(t.symbol() + "@" + start, new Bar(t.symbol(), start, 1, t.size()),
                        (x, y) -> new Bar(x.symbol(), x.start(), x.count() + 1, x.volume() + y.volume()));
            }
        }
        Comparator<Bar> order = Comparator.comparing(Bar::symbol).thenComparingLong(Bar::start);
        assertEquals(sorted(List.copyOf(expected.values()), order), sorted(bars.records(), order));
    }

    @Test
    void aUnionNeedsOneSchemaAndOneKindOfTime() {
        JobBuilder job = JobBuilder.named("bad-union");
        DataStream ticks = job.source("ticks", CollectionSource.of(Tick.class, List.of()), eventTime());
        DataStream untimed = job.source("untimed", CollectionSource.of(Tick.class, List.of()));
        DataStream other = job.source("other", CollectionSource.of(Bar.class, List.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ticks.union(other)).getMessage()
                .startsWith("union: 'other' has schema"));
        assertEquals("union: 'untimed' has no event time and 'ticks' has: give both sources a WatermarkStrategy or neither",
                assertThrows(IllegalArgumentException.class, () -> ticks.union(untimed)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ticks.union(ticks));
    }

    public record Order(String symbol, long ts, long qty, long id) {}

    public record Limit(String symbol, long ts, long max) {}

    public record Tagged(String source, String symbol, long ts, long value) {}

    /** Tags the records of each input. */
    public static final class TagBoth extends CoProcessFunction<Order, Limit, Tagged> {
        @Override
        public void processElement1(Order o, Context ctx, Collector<Tagged> out) {
            out.collect(new Tagged("order", o.symbol(), ctx.timestamp(), o.qty()));
        }

        @Override
        public void processElement2(Limit l, Context ctx, Collector<Tagged> out) {
            out.collect(new Tagged("limit", l.symbol(), ctx.timestamp(), l.max()));
        }
    }

    static List<Order> orders(long seed) {
        Random random = new Random(seed);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            orders.add(new Order("S" + random.nextInt(15), 10_000 + 3L * i + random.nextInt(31) - 15, 1 + random.nextInt(100), i));
        }
        return orders;
    }

    /** Limits change every ~40 ms per symbol; the first of each symbol comes before its first order. */
    static List<Limit> limits(long seed) {
        Random random = new Random(seed);
        List<Limit> limits = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            limits.add(new Limit("S" + (i % 15), 9_000 + 10L * i + random.nextInt(21) - 10, 20 + random.nextInt(80)));
        }
        return limits;
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aCoProcessFunctionSeesEveryRecordOfBothInputs(int parallelism) throws Exception {
        List<Order> orders = orders(1);
        List<Limit> limits = limits(2);
        CollectSink<Tagged> sink = CollectSink.of(Tagged.class);
        JobBuilder job = JobBuilder.named("co");
        job.source("orders", CollectionSource.of(Order.class, orders).withBatchSize(100), eventTime())
                .connect(job.source("limits", CollectionSource.of(Limit.class, limits).withBatchSize(33), eventTime()))
                .process("tag", TagBoth::new, Order.class, Limit.class, Tagged.class, parallelism)
                .sinkTo("out", sink);
        node.execute(job.build());

        List<Tagged> expected = new ArrayList<>();
        orders.forEach(o -> expected.add(new Tagged("order", o.symbol(), o.ts(), o.qty())));
        limits.forEach(l -> expected.add(new Tagged("limit", l.symbol(), l.ts(), l.max())));
        Comparator<Tagged> order = Comparator.comparing(Tagged::source).thenComparing(Tagged::symbol)
                .thenComparingLong(Tagged::ts).thenComparingLong(Tagged::value);
        assertEquals(sorted(expected, order), sorted(sink.records(), order));
    }

    public record Checked(long id, String symbol, long ts, long qty, long limit, boolean allowed) {}

    /**
     * Per symbol: limits are kept by time (MapState), orders wait (ValueState by id, a timer at
     * their time); when event time reaches an order — both inputs' watermarks past it — it is
     * checked against the latest limit at or before its time.
     */
    public static final class CheckAgainstLimit extends KeyedCoProcessFunction<String, Order, Limit, Checked> {
        private MapState<Long, Long> limitsByTime;
        private MapState<Long, Order> waiting; // by timestamp * 10_000 + id: several orders may share a time

        @Override
        public void open() {
            limitsByTime = getRuntimeContext().getMapState(new MapStateDescriptor<>("limits", Long.class, Long.class));
            waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Long.class, Order.class));
        }

        @Override
        public void processElement1(Order o, Context ctx, Collector<Checked> out) throws Exception {
            waiting.put(o.ts() * 10_000 + o.id(), o);
            ctx.timerService().registerEventTimeTimer(o.ts());
        }

        @Override
        public void processElement2(Limit l, Context ctx, Collector<Checked> out) throws Exception {
            limitsByTime.put(l.ts(), l.max());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Checked> out) throws Exception {
            long best = Long.MIN_VALUE;
            long limit = -1;
            for (Map.Entry<Long, Long> e : limitsByTime.entries()) {
                if (e.getKey() <= timestamp && e.getKey() > best) {
                    best = e.getKey();
                    limit = e.getValue();
                }
            }
            List<Long> due = new ArrayList<>();
            for (Map.Entry<Long, Order> e : waiting.entries()) {
                if (e.getValue().ts() == timestamp) {
                    Order o = e.getValue();
                    out.collect(new Checked(o.id(), ctx.getCurrentKey(), o.ts(), o.qty(), limit, o.qty() <= limit));
                    due.add(e.getKey());
                }
            }
            for (Long key : due) {
                waiting.remove(key);
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aKeyedCoProcessFunctionSharesStateAndTimersOfBothInputs(int parallelism) throws Exception {
        List<Order> orders = orders(3);
        List<Limit> limits = limits(4);
        CollectSink<Checked> sink = CollectSink.of(Checked.class);
        JobBuilder job = JobBuilder.named("keyed-co");
        DataStream orderStream = job.source("orders", CollectionSource.of(Order.class, orders).withBatchSize(64), eventTime());
        DataStream limitStream = job.source("limits", CollectionSource.of(Limit.class, limits).withBatchSize(16), eventTime());
        orderStream.connect(limitStream).keyBy("symbol", "symbol")
                .process("check", CheckAgainstLimit::new, Order.class, Limit.class, Checked.class, parallelism)
                .sinkTo("out", sink);
        node.execute(job.build());

        List<Checked> expected = new ArrayList<>();
        for (Order o : orders) { // the latest limit of the symbol at or before the order, by a plain search
            Limit latest = null;
            for (Limit l : limits) {
                if (l.symbol().equals(o.symbol()) && l.ts() <= o.ts() && (latest == null || l.ts() > latest.ts())) {
                    latest = l;
                }
            }
            long limit = latest == null ? -1 : latest.max();
            expected.add(new Checked(o.id(), o.symbol(), o.ts(), o.qty(), limit, o.qty() <= limit));
        }
        assertTrue(expected.stream().filter(Checked::allowed).count() > 500, "both outcomes occur");
        assertTrue(expected.stream().filter(c -> !c.allowed()).count() > 500, "both outcomes occur");
        assertEquals(expected, sorted(sink.records(), Comparator.comparingLong(Checked::id)));
    }

    @Test
    void connectedStreamsAreKeyedByColumnsOfOneType() {
        JobBuilder job = JobBuilder.named("bad-keys");
        DataStream orderStream = job.source("orders", CollectionSource.of(Order.class, List.of()));
        DataStream limitStream = job.source("limits", CollectionSource.of(Limit.class, List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> orderStream.connect(limitStream).keyBy("id", "symbol"));
        assertTrue(e.getMessage().startsWith("cannot key connected streams by 'id' (INT64) and 'symbol' (UTF8)"), e.getMessage());
    }
}
