package io.sabot.actors.joins;

import static io.sabot.actors.joins.AsOfData.BOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.joins.AsOfData.Joined;
import io.sabot.actors.joins.AsOfData.Quote;
import io.sabot.actors.joins.AsOfData.Trade;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.testing.OnOneNode;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The as-of join as a Flink user writes it ({@code trades.keyBy(...).asOfJoin(quotes.keyBy(...))}),
 * run on a real node: against the join computed by a plain loop over the inputs
 * ({@link AsOfData#expected}), at parallelism 1 and 3, in several batch sizes, on the heap, columnar
 * and RocksDB backends, with out-of-order input within the bound, ties, symbols without quotes and
 * late trades going to the side output; and restarted from checkpoints after injected failures.
 *
 * <p>Which trades are late depends on both inputs' watermarks as they reach the join: a very late
 * trade (far behind its own source's watermark, before any quote) is late only once the quotes'
 * first watermark has reached the join too, which on a real node depends on timing (a batch of 1,000
 * trades can come first). So each very late trade must either go to the late output or be joined as
 * if it were on time — and every other trade exactly as the plain loop joins it. Exact lateness is
 * {@code AsOfJoinRunnerTest}'s, which drives one subtask in a fixed order.
 */
class AsOfJoinTest extends OnOneNode {

    @TempDir
    Path dir;

    private static final List<Quote> QUOTES = AsOfData.quotes(17, 3_000, 12, 0);
    private static final List<Trade> TRADES = withVeryLateTrades(AsOfData.trades(18, 2_000, 12, 3, 0, 0));

    /** Every 97th trade of the second thousand at a time before every quote (1 … 97 ms). */
    private static List<Trade> withVeryLateTrades(List<Trade> trades) {
        List<Trade> changed = new ArrayList<>(trades);
        for (int i = 1_000; i < changed.size(); i += 97) {
            Trade t = changed.get(i);
            changed.set(i, new Trade(t.symbol(), 1 + i % 97, t.price(), t.seq()));
        }
        return changed;
    }

    private static WatermarkStrategy boundedBy(long millis) {
        return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(millis))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
    }

    /** The late trades: those at or before their source's watermark. */
    private static Set<Long> lateTrades() {
        long[] before = AsOfData.watermarksBefore(TRADES.stream().mapToLong(Trade::ts).toArray(), BOUND);
        return TRADES.stream().filter(t -> t.ts() <= before[(int) t.seq()]).map(Trade::seq).collect(Collectors.toSet());
    }

    /** The job: trades and quotes paced at so many rows a second (0: unpaced), joined, to {@code joined} and {@code late}. */
    private static JobBuilder job(int parallelism, int batchSize, StateBackendConfig backend, long tradesPerSecond,
                                  long quotesPerSecond, CollectSink<Joined> joined, CollectSink<Trade> late) {
        JobBuilder job = JobBuilder.named("as-of").stateBackend(backend);
        DataStream trades = job.source("trades",
                PacedSource.of(CollectionSource.of(Trade.class, TRADES).withBatchSize(batchSize), tradesPerSecond),
                boundedBy(BOUND));
        DataStream quotes = job.source("quotes",
                PacedSource.of(CollectionSource.of(Quote.class, QUOTES).withBatchSize(batchSize), quotesPerSecond),
                boundedBy(BOUND));
        DataStream enriched = trades.keyBy("symbol")
                .asOfJoin(quotes.keyBy("symbol"))
                .rightTimestampAs("quote_ts")
                .carry("bid", "ask", "venue")
                .carryAs("seq", "quote_seq")
                .sideOutputLateData(AsOfData.LATE)
                .apply("as-of", parallelism);
        enriched.sinkTo("joined", joined);
        enriched.getSideOutput(AsOfData.LATE).sinkTo("late", late);
        return job;
    }

    @ParameterizedTest(name = "parallelism {0}, batches of {1}, {2}")
    @CsvSource({"1, 7, HEAP", "3, 100, HEAP", "3, 1, COLUMNAR", "1, 1000, ROCKSDB", "3, 50, ROCKSDB"})
    void everyTradeGetsTheQuoteInForceAtItsTimeOrGoesToTheLateOutput(int parallelism, int batchSize,
                                                                      StateBackendKind kind) throws Exception {
        Set<Long> late = lateTrades();
        List<Joined> expected = AsOfData.expected(TRADES, QUOTES, Set.of(), Set.of());
        assertEquals(11, late.size(), "the very late trades, and only they, are late");
        assertTrue(expected.stream().anyMatch(j -> j.symbol().equals("S14") && j.quote_ts() == null), "a symbol never quoted");
        assertTrue(expected.stream().anyMatch(j -> j.quote_ts() != null && j.quote_ts() == j.ts()), "a trade at a quote's time");

        CollectSink<Joined> joined = CollectSink.of(Joined.class);
        CollectSink<Trade> lateOut = CollectSink.of(Trade.class);
        StateBackendConfig backend = StateBackendConfig.of(kind).withLocalDirectory(dir.resolve("state"));
        JobResult result = node.execute(job(parallelism, batchSize, backend, 20_000, 0, joined, lateOut).build());

        assertTrue(result.succeeded(), result.error());
        assertJoinedOrLate(expected, late, joined.records(), lateOut.records());
    }

    /**
     * Every trade of {@code ifNoneLate} is in {@code joined} as given there, but for very late ones
     * ({@code late}) that went to {@code lateOut} instead.
     */
    private static void assertJoinedOrLate(List<Joined> ifNoneLate, Set<Long> late, List<Joined> joined, List<Trade> lateOut) {
        Set<Long> wentLate = lateOut.stream().map(Trade::seq).collect(Collectors.toSet());
        assertTrue(late.containsAll(wentLate), "only very late trades go to the late output: " + wentLate);
        assertEquals(wentLate.size(), lateOut.size(), "each once");
        assertEquals(ifNoneLate.stream().filter(j -> !wentLate.contains(j.seq())).toList(), AsOfData.bySeq(joined, Joined::seq));
    }

    /** Output keeps the order of each symbol's trades by time, then arrival: what a sorted file relies on. */
    @Test
    void eachSymbolsJoinedTradesLeaveInTimeOrder() throws Exception {
        CollectSink<Joined> joined = CollectSink.of(Joined.class);
        JobResult result = node.execute(job(3, 64, StateBackendConfig.heap(), 0, 0, joined, CollectSink.of(Trade.class)).build());
        assertTrue(result.succeeded(), result.error());

        Map<String, Joined> last = new HashMap<>();
        for (Joined j : joined.records()) {
            Joined before = last.put(j.symbol(), j);
            assertTrue(before == null || before.ts() < j.ts() || (before.ts() == j.ts() && before.seq() < j.seq()),
                    before + " then " + j);
        }
    }

    /**
     * Agents fail at random and the job restarts from its last checkpoint, the join's waiting trades,
     * kept quotes and timers restored from it: the output is that of a run without failures. Both
     * inputs are paced (over about a second) so that checkpoints complete between the failures.
     */
    @Test
    void aJobRestartedFromCheckpointsAfterFailuresGivesTheJoinOfARunWithoutThem() throws Exception {
        Set<Long> late = lateTrades();
        List<Joined> expected = AsOfData.expected(TRADES, QUOTES, Set.of(), Set.of());
        Map<String, Object> settings = new HashMap<>(Map.of("sabot.checkpoint.dir", dir.resolve("checkpoints").toString(),
                "sabot.checkpoint.interval", "50ms", "sabot.restart-strategy.type", "fixed-delay",
                "sabot.restart-strategy.fixed-delay.attempts", 100, "sabot.restart-strategy.fixed-delay.delay", "20ms"));
        settings.put("sabot.supervision.inject-failures.probability", 0.01);
        settings.put("sabot.supervision.inject-failures.seed", 5);
        CollectSink<Joined> joined = CollectSink.of(Joined.class);
        CollectSink<Trade> lateOut = CollectSink.of(Trade.class);
        try (SabotNode failing = SabotNode.start(ConfigFactory.parseMap(settings))) {
            JobHandle handle = failing.submit(job(2, 20, StateBackendConfig.heap(), 2_000, 3_000, joined, lateOut).build());
            JobResult result = handle.result().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertTrue(result.succeeded(), result.error());
            assertTrue(result.restarts() >= 2, "failures were injected: " + result.restarts() + " restart(s)");
        }
        assertJoinedOrLate(expected, late, joined.records(), lateOut.records());
    }

    @Test
    void aJoinWithoutEventTimeOrWithClashingColumnsIsRefusedWhenTheJobIsBuilt() {
        JobBuilder job = JobBuilder.named("refused");
        DataStream trades = job.source("trades", CollectionSource.of(Trade.class, TRADES), boundedBy(BOUND));
        DataStream timeless = job.source("quotes", CollectionSource.of(Quote.class, QUOTES));
        IllegalArgumentException noTime = assertThrows(IllegalArgumentException.class,
                () -> trades.keyBy("symbol").asOfJoin(timeless.keyBy("symbol")).apply("j", 1));
        assertTrue(noTime.getMessage().contains("needs event time on both inputs: give 'quotes' a WatermarkStrategy"),
                noTime.getMessage());

        DataStream quotes = job.source("quotes-with-time", CollectionSource.of(Quote.class, QUOTES), boundedBy(BOUND));
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> trades.keyBy("symbol").asOfJoin(quotes.keyBy("symbol")).apply("j", 1));
        assertTrue(clash.getMessage().startsWith("as-of join 'j': carried right column 'ts' would be named 'ts'"),
                clash.getMessage());
        assertFalse(clash.getMessage().contains("symbol"), "the right key is not carried by default: " + clash.getMessage());
    }
}
