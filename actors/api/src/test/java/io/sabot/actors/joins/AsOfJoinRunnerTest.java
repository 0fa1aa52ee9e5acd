package io.sabot.actors.joins;

import static io.sabot.actors.joins.AsOfData.BOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.joins.AsOfData.Joined;
import io.sabot.actors.joins.AsOfData.Quote;
import io.sabot.actors.joins.AsOfData.Trade;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The as-of join's subtask driven directly ({@link AsOfHarness}), so that the order in which the
 * two inputs' batches arrive is known and the late rows of both sides can be predicted exactly: the
 * output against the join computed by a plain loop ({@link AsOfData#expected}) in batches of 1, 7,
 * 100 rows and all at once, on every state backend, and restored from a snapshot half way.
 */
class AsOfJoinRunnerTest {

    @TempDir
    Path dir;

    private static final List<Quote> QUOTES = AsOfData.quotes(7, 3_000, 12, 89);
    private static final List<Trade> TRADES = AsOfData.trades(8, 2_000, 12, 3, 97, 5 * BOUND);

    /** One batch of one input (0: trades, 1: quotes), rows {@code from … to − 1}, in the order the subtask gets them. */
    record Step(int input, int from, int to) {}

    /** The inputs interleaved at random (seeded) into batches of at most {@code batchRows} rows. */
    static List<Step> plan(int trades, int quotes, int batchRows, long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        int[] next = {0, 0};
        int[] size = {trades, quotes};
        while (next[0] < trades || next[1] < quotes) {
            int input = next[0] == trades ? 1 : next[1] == quotes ? 0
                    : random.nextInt(size[0] - next[0] + size[1] - next[1]) < size[0] - next[0] ? 0 : 1;
            int rows = 1 + random.nextInt(batchRows);
            int to = Math.min(size[input], next[input] + rows);
            steps.add(new Step(input, next[input], to));
            next[input] = to;
        }
        return steps;
    }

    /** The joined rows, the late trades and the number of late quotes a run by {@code plan} must give. */
    record Outcome(List<Joined> joined, List<Trade> late, long droppedQuotes) {}

    /**
     * Event time simulated over the plan as the subtask sees it: each channel's watermark rises with
     * the watermark before each of its rows and after each of its batches; a row is late when its
     * timestamp is at or before the minimum of both channels' just before it.
     */
    static Outcome expected(List<Trade> trades, List<Quote> quotes, List<Step> plan) {
        long[][] ts = {trades.stream().mapToLong(Trade::ts).toArray(), quotes.stream().mapToLong(Quote::ts).toArray()};
        long[][] before = {AsOfData.watermarksBefore(ts[0], BOUND), AsOfData.watermarksBefore(ts[1], BOUND)};
        long[] channel = {Long.MIN_VALUE, Long.MIN_VALUE};
        Set<Long> lateTrades = new HashSet<>();
        Set<Long> lateQuotes = new HashSet<>();
        for (Step step : plan) {
            int s = step.input();
            for (int row = step.from(); row < step.to(); row++) {
                channel[s] = Math.max(channel[s], before[s][row]);
                if (ts[s][row] <= Math.min(channel[0], channel[1])) {
                    (s == 0 ? lateTrades : lateQuotes).add((long) row);
                }
            }
            channel[s] = Math.max(channel[s], afterBatch(ts[s], step.to()));
        }
        List<Trade> late = trades.stream().filter(t -> lateTrades.contains(t.seq())).toList();
        return new Outcome(AsOfData.expected(trades, quotes, lateTrades, lateQuotes), late, lateQuotes.size());
    }

    /** The source's watermark after its first {@code rows} rows. */
    private static long afterBatch(long[] timestamps, int rows) {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < rows; i++) {
            max = Math.max(max, timestamps[i]);
        }
        return max == Long.MIN_VALUE ? Long.MIN_VALUE : max - BOUND - 1;
    }

    /** Runs the plan; with {@code restoreAfter} ≥ 0, snapshots after that step and goes on in a new harness restored from it. */
    private Outcome run(List<Step> plan, StateBackendKind kind, int restoreAfter, AsOfJoin.Spec spec) throws Exception {
        long[][] ts = {TRADES.stream().mapToLong(Trade::ts).toArray(), QUOTES.stream().mapToLong(Quote::ts).toArray()};
        long[][] before = {AsOfData.watermarksBefore(ts[0], BOUND), AsOfData.watermarksBefore(ts[1], BOUND)};
        List<Joined> joined = new ArrayList<>();
        List<Trade> late = new ArrayList<>();
        long dropped = 0;
        try (BufferAllocator allocator = new RootAllocator()) {
            AsOfHarness.Snapshot snapshot = null;
            int from = 0;
            for (int part = 0; part < (restoreAfter < 0 ? 1 : 2); part++) {
                int to = restoreAfter < 0 || part == 1 ? plan.size() : restoreAfter + 1;
                StateBackendConfig config = StateBackendConfig.of(kind).withLocalDirectory(dir.resolve("state-" + part));
                try (AsOfHarness harness = new AsOfHarness(spec, config, snapshot, allocator)) {
                    for (Step step : plan.subList(from, to)) {
                        long[] watermarks = java.util.Arrays.copyOfRange(before[step.input()], step.from(), step.to());
                        long after = afterBatch(ts[step.input()], step.to());
                        if (step.input() == 0) {
                            harness.send(0, Trade.class, TRADES.subList(step.from(), step.to()), Trade::ts, watermarks, after);
                        } else {
                            harness.send(1, Quote.class, QUOTES.subList(step.from(), step.to()), Quote::ts, watermarks, after);
                        }
                    }
                    if (to == plan.size()) {
                        harness.end();
                    } else {
                        snapshot = harness.snapshot(dir.resolve("snapshot-" + kind + "-" + restoreAfter));
                    }
                    joined.addAll(harness.joined);
                    late.addAll(harness.late);
                    dropped += harness.join.droppedRightRows();
                }
                from = to;
            }
        }
        return new Outcome(AsOfData.bySeq(joined, Joined::seq), AsOfData.bySeq(late, Trade::seq), dropped);
    }

    private static void assertSame(Outcome expected, Outcome actual, String how) {
        assertEquals(expected.joined().size(), actual.joined().size(), how + ": joined rows");
        for (int i = 0; i < expected.joined().size(); i++) {
            assertEquals(expected.joined().get(i), actual.joined().get(i), how + ": joined row " + i);
        }
        assertEquals(expected.late(), actual.late(), how + ": late trades");
        assertEquals(expected.droppedQuotes(), actual.droppedQuotes(), how + ": late quotes dropped");
    }

    @ParameterizedTest(name = "batches of up to {0} rows")
    @ValueSource(ints = {1, 7, 100, 5_000})
    void everyTradeIsJoinedWithTheQuoteInForceAtItsTimeWhateverTheBatchSize(int batchRows) throws Exception {
        List<Step> plan = plan(TRADES.size(), QUOTES.size(), batchRows, batchRows);
        Outcome expected = expected(TRADES, QUOTES, plan);
        assertTestCovers(expected);

        assertSame(expected, run(plan, StateBackendKind.HEAP, -1, AsOfData.SPEC), "batches of " + batchRows);
    }

    /** The input has what the test is about: ties, exact times, keys and trades without a quote, late rows of both sides. */
    private static void assertTestCovers(Outcome expected) {
        List<Joined> joined = expected.joined();
        assertTrue(joined.stream().anyMatch(j -> j.symbol().equals("S13") && j.quote_ts() == null), "a symbol never quoted");
        assertTrue(joined.stream().anyMatch(j -> QUOTES.stream().anyMatch(q -> q.symbol().equals(j.symbol()))
                && j.quote_ts() == null), "a trade before its symbol's first quote");
        assertTrue(joined.stream().anyMatch(j -> j.quote_ts() != null && j.quote_ts() == j.ts()), "a trade at a quote's exact time");
        assertTrue(joined.stream().anyMatch(j -> j.quote_seq() != null && j.quote_seq() % 13 == 12
                && QUOTES.get((int) (long) j.quote_seq() - 1).ts() == j.quote_ts()), "a tie of two quotes decided by arrival");
        assertTrue(joined.stream().anyMatch(j -> j.quote_ts() != null && j.ask() == null), "a null carried number");
        assertTrue(joined.stream().anyMatch(j -> j.quote_ts() != null && j.venue() == null), "a null carried string");
        assertTrue(expected.late().size() >= 5, "late trades: " + expected.late().size());
        assertTrue(expected.droppedQuotes() >= 5, "late quotes: " + expected.droppedQuotes());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StateBackendKind.class)
    void everyBackendGivesTheSameJoinAlsoRestoredFromASnapshotHalfWay(StateBackendKind kind) throws Exception {
        List<Step> plan = plan(TRADES.size(), QUOTES.size(), 50, 3);
        Outcome expected = expected(TRADES, QUOTES, plan);

        assertSame(expected, run(plan, kind, -1, AsOfData.SPEC), kind.toString());
        assertSame(expected, run(plan, kind, plan.size() / 2, AsOfData.SPEC), kind + ", restored half way");
        assertSame(expected, run(plan, kind, 3, AsOfData.SPEC), kind + ", restored early");
    }

    @Test
    void withoutASideOutputLateTradesAreDroppedAndCounted() throws Exception {
        List<Step> plan = plan(TRADES.size(), QUOTES.size(), 20, 5);
        Outcome expected = expected(TRADES, QUOTES, plan);
        AsOfJoin.Spec withoutLateData = new AsOfJoin.Spec(AsOfData.SPEC.carried(), "quote_ts", null);

        Outcome actual = run(plan, StateBackendKind.HEAP, -1, withoutLateData);

        assertEquals(expected.joined(), actual.joined());
        assertEquals(List.of(), actual.late());
    }

    /**
     * A key quoted once a millisecond in time order with the watermark right behind: at any time it
     * holds the quote in force at the watermark and the few after it, not the thousands before.
     */
    @Test
    void quotesTheWatermarkHasPassedAreDroppedFromState() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
             AsOfHarness harness = new AsOfHarness(AsOfData.SPEC, StateBackendConfig.heap(), null, allocator)) {
            long maxHeld = 0;
            for (int batch = 0; batch < 100; batch++) {
                List<Quote> quotes = new ArrayList<>();
                List<Trade> trades = new ArrayList<>();
                long[] quoteWatermarks = new long[10];
                long[] tradeWatermarks = new long[1];
                for (int i = 0; i < 10; i++) {
                    long ts = 10L * batch + i;
                    quotes.add(new Quote("A", ts, 1.0, 2.0, "X", ts));
                    quoteWatermarks[i] = ts - 1;
                }
                long ts = 10L * batch + 9;
                trades.add(new Trade("A", ts, 1.5, batch));
                tradeWatermarks[0] = ts - 10;
                harness.send(1, Quote.class, quotes, Quote::ts, quoteWatermarks, ts - 1);
                harness.send(0, Trade.class, trades, Trade::ts, tradeWatermarks, ts - 1);
                maxHeld = Math.max(maxHeld, harness.join.heldRows());
            }
            assertTrue(maxHeld <= 22, "held at most the rows of two batches and the quote in force, held " + maxHeld);
            assertEquals(99, harness.joined.size(), "the last trade waits for the end of input");
            harness.end();
            assertEquals(100, harness.joined.size());
            assertTrue(harness.joined.stream().allMatch(j -> j.quote_ts() == j.ts()), "each trade with its own time's quote");
        }
    }

    @Test
    void aJoinThatCannotBeBuiltSaysWhichColumnAndWhy() {
        Schema trades = AsOfHarness.TRADES;
        Schema quotes = AsOfHarness.QUOTES;
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new AsOfJoin(trades, quotes,
                new AsOfJoin.Spec(List.of(new AsOfJoin.Carry("bod", "bod")), null, null)));
        assertTrue(missing.getMessage().contains("the right input has no column 'bod'"), missing.getMessage());

        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> new AsOfJoin(trades, quotes,
                new AsOfJoin.Spec(List.of(new AsOfJoin.Carry("ts", "ts")), null, null)));
        assertTrue(clash.getMessage().contains("carried right column 'ts' would be named 'ts'"), clash.getMessage());

        Schema listQuotes = SchemaBuilder.from(quotes).add(new Field("levels", FieldType.nullable(ArrowType.List.INSTANCE),
                List.of(Field.nullable("level", SchemaBuilder.FLOAT64)))).build();
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> new AsOfJoin(trades, listQuotes,
                new AsOfJoin.Spec(List.of(new AsOfJoin.Carry("levels", "levels")), null, null)));
        assertTrue(type.getMessage().contains("column 'levels' of the right input has type List"), type.getMessage());

        AsOfJoin wrongTag = new AsOfJoin(trades, quotes, new AsOfJoin.Spec(List.of(), null, new OutputTag("late", quotes)));
        IllegalArgumentException tag = assertThrows(IllegalArgumentException.class, () -> wrongTag.sideOutputs(trades, quotes));
        assertTrue(tag.getMessage().contains("late rows have the left input's columns"), tag.getMessage());
    }
}
