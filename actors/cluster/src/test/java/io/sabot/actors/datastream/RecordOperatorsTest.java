package io.sabot.actors.datastream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.Collector;
import io.sabot.actors.api.JobExecutionException;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.ProcessFunction;
import io.sabot.actors.api.ProcessWindowFunction;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.records.RecordType;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.state.api.AggregateFunction;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import io.sabot.watermarks.windows.TumblingEventTimeWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * map, filter, flatMap and ProcessFunction (with a side output) on a real node, each against a
 * plain loop over the input, at parallelism 1 and 3 and several batch sizes: the rows, and their
 * timestamps, which flow through every operator whatever rows it drops or adds.
 */
class RecordOperatorsTest extends OnOneNode {

    public record Notional(String symbol, long ts, long seq, double notional) {}

    public record Part(String symbol, long ts, long seq, long part, double notional) {}

    /** What the ProcessFunction emits: a part with the timestamp its context reported. */
    public record Stamped(String symbol, long seq, long part, long timestamp, double notional) {}

    public record Large(String symbol, long seq, long part, long timestamp) {}

    static final OutputTag LARGE = RecordType.outputTag("large", Large.class);

    /** Stamps each part with ctx.timestamp(); parts of a notional above 40,000 also go to the side output. */
    public static final class Stamp extends ProcessFunction<Part, Stamped> {
        @Override
        public void processElement(Part p, Context ctx, Collector<Stamped> out) {
            out.collect(new Stamped(p.symbol(), p.seq(), p.part(), ctx.timestamp(), p.notional()));
            if (p.notional() > 40_000) {
                ctx.output(LARGE, new Large(p.symbol(), p.seq(), p.part(), ctx.timestamp()));
            }
        }
    }

    private static WatermarkStrategy eventTime() {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(Tick.BOUND))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    @ParameterizedTest(name = "parallelism {0}, batches of {1}")
    @CsvSource({"1, 1", "1, 1000", "3, 7", "3, 256"})
    void mapFilterFlatMapAndProcessMatchAPlainLoop(int parallelism, int batchSize) throws Exception {
        List<Tick> ticks = Tick.generate(4_000, 30, 11);
        CollectSink<Stamped> main = CollectSink.of(Stamped.class);
        CollectSink<Large> large = CollectSink.of(Large.class);
        JobBuilder job = JobBuilder.named("records");
        DataStream stamped = job.source("ticks", CollectionSource.of(Tick.class, ticks).withBatchSize(batchSize), eventTime())
                .filter("above-100", (Tick t) -> t.price() > 100, Tick.class)
                .map("notional", (Tick t) -> new Notional(t.symbol(), t.ts(), t.seq(), t.price() * t.size()),
                        Tick.class, Notional.class)
                .flatMap("parts", (Notional n, Collector<Part> out) -> {
                    for (long part = 0; part < n.seq() % 3; part++) { // 0, 1 or 2 parts: some rows vanish
                        out.collect(new Part(n.symbol(), n.ts(), n.seq(), part, n.notional()));
                    }
                }, Notional.class, Part.class)
                .process("stamp", Stamp::new, Part.class, Stamped.class, parallelism);
        stamped.sinkTo("out", main);
        stamped.getSideOutput(LARGE).sinkTo("large", large);
        node.execute(job.build());

        List<Stamped> expected = new ArrayList<>();
        List<Large> expectedLarge = new ArrayList<>();
        for (Tick t : ticks) { // the same pipeline, as a loop
            if (t.price() > 100) {
                double notional = t.price() * t.size();
                for (long part = 0; part < t.seq() % 3; part++) {
                    expected.add(new Stamped(t.symbol(), t.seq(), part, t.ts(), notional)); // timestamp: the tick's own
                    if (notional > 40_000) {
                        expectedLarge.add(new Large(t.symbol(), t.seq(), part, t.ts()));
                    }
                }
            }
        }
        assertTrue(expectedLarge.size() > 100 && expectedLarge.size() < expected.size() / 2, "a real side output");
        assertEquals(expected, sorted(main.records(), Comparator.comparingLong(Stamped::seq).thenComparingLong(Stamped::part)));
        assertEquals(expectedLarge, sorted(large.records(), Comparator.comparingLong(Large::seq).thenComparingLong(Large::part)));
    }

    public record Bar(String symbol, long start, long count, double volume) {}

    /** Counts and sums the size of a window's ticks. */
    public static final class Volume implements AggregateFunction<Tick, double[], double[]> {
        @Override
        public double[] createAccumulator() {
            return new double[2];
        }

        @Override
        public double[] add(Tick value, double[] acc) {
            return new double[] {acc[0] + 1, acc[1] + value.size()};
        }

        @Override
        public double[] getResult(double[] acc) {
            return acc;
        }

        @Override
        public double[] merge(double[] a, double[] b) {
            return new double[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    public static final class ToBar extends ProcessWindowFunction<double[], Bar, String> {
        @Override
        public void process(String key, Context ctx, Iterable<double[]> elements, Collector<Bar> out) {
            double[] acc = elements.iterator().next();
            out.collect(new Bar(key, ctx.window().start(), (long) acc[0], acc[1]));
        }
    }

    /**
     * A filter before an event-time window — per record or vectorized — leaves the windows of the
     * kept rows exactly as a plain loop over them gives: the kept rows keep their timestamps, and
     * nothing becomes late (the input's disorder is within the bound).
     */
    @ParameterizedTest(name = "{0} filter, parallelism {1}")
    @CsvSource({"record, 1", "record, 3", "vectorized, 1", "vectorized, 3"})
    void aFilterBeforeAWindowKeepsTheWindowsOfTheKeptRows(String kind, int parallelism) throws Exception {
        List<Tick> ticks = Tick.generate(6_000, 12, 5);
        CollectSink<Bar> bars = CollectSink.of(Bar.class);
        JobBuilder job = JobBuilder.named("filter-window");
        DataStream source = job.source("ticks", CollectionSource.of(Tick.class, ticks).withBatchSize(100), eventTime());
        DataStream kept = kind.equals("record")
                ? source.filter("cheap", (Tick t) -> t.price() < 100, Tick.class)
                : source.filter("cheap", (batch, selected) -> {
                    Float8Vector price = (Float8Vector) batch.getVector("price");
                    int n = 0;
                    for (int row = 0; row < batch.getRowCount(); row++) {
                        if (price.get(row) < 100) {
                            selected[n++] = row;
                        }
                    }
                    return n;
                });
        kept.keyBy("symbol").window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .aggregate("bars", Volume::new, ToBar::new, Tick.class, Bar.class, parallelism)
                .sinkTo("out", bars);
        node.execute(job.build());

        Map<String, Bar> expected = new TreeMap<>();
        for (Tick t : ticks) {
            if (t.price() < 100) {
                long start = t.ts() - Math.floorMod(t.ts(), 100);
                expected.merge(t.symbol() + "@" + start, new Bar(t.symbol(), start, 1, t.size()),
                        (a, b) -> new Bar(a.symbol(), a.start(), a.count() + 1, a.volume() + b.volume()));
            }
        }
        Comparator<Bar> order = Comparator.comparing(Bar::symbol).thenComparingLong(Bar::start);
        assertEquals(sorted(List.copyOf(expected.values()), order), sorted(bars.records(), order));
    }

    /** A hand-written filter that returns the kept rows as a new, shorter batch: their timestamps are lost. */
    public static final class ShorterBatch implements BatchFunction {
        private AgentContext agent;

        @Override
        public Schema outputSchema(Schema input) {
            return input;
        }

        @Override
        public void open(AgentContext context) {
            agent = context;
        }

        @Override
        public VectorSchemaRoot process(KeyedBatch input) {
            int[] rows = new int[input.rowCount()];
            int kept = 0;
            for (int row = 0; row < rows.length; row += 2) {
                rows[kept++] = row;
            }
            return RowGather.gather(input.root(), rows, kept, agent.allocator());
        }
    }

    @Test
    void aWindowAfterAFunctionThatDroppedTheTimestampsSaysWhere() {
        JobBuilder job = JobBuilder.named("lost-time");
        job.source("ticks", CollectionSource.of(Tick.class, Tick.generate(100, 3, 1)), eventTime())
                .process("halve", ShorterBatch::new, 1)
                .keyBy("symbol").window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .aggregate("bars", Volume::new, ToBar::new, Tick.class, Bar.class, 1)
                .sinkTo("out", CollectSink.of(Bar.class));
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> node.execute(job.build()));
        assertTrue(e.getCause().getMessage().contains("a BatchFunction returning a batch of another length than its input"
                + " drops the rows' timestamps (emit kept rows with AgentContext.emitRows"), e.getCause().getMessage());
    }

    static <T> List<T> sorted(List<T> records, Comparator<T> order) {
        List<T> copy = new ArrayList<>(records);
        copy.sort(order);
        return copy;
    }
}
