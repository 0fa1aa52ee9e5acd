package io.sabot.samples.bench;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.DiscardSink;
import io.sabot.actors.io.PacedSource;
import io.sabot.actors.joins.AsOfJoin;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.schema.MarketData;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.fintech.source.SyntheticTrades;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.watermarks.strategy.TimestampAssigner;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The as-of join benchmark (docs/benchmarks.md, "As-of join"): synthetic quotes
 * ({@link SyntheticQuotes}) and trades over the same symbols and time ({@link SyntheticTrades}), each
 * with bounded out-of-orderness, keyed by symbol and as-of joined (every trade with the quote in
 * force: bid, ask and the quote's time), output discarded, on one node. Reports rows/s (quotes and
 * trades in) and the most the join held in its keyed state (waiting trades and kept quotes), sampled
 * from the subtasks' own counts while the job runs. Unpaced, the trade source (ten times fewer rows
 * over the same time) runs ahead of the quotes in event time and its trades wait in state for the
 * quotes' watermark (Sabot has no watermark alignment); {@code --max-quotes-per-second} paces both
 * so that they move through event time together, as live feeds do.
 *
 * <pre>
 * java -cp samples/target/sabot.jar io.sabot.samples.bench.AsOfJoinBench --quotes 10000000 --trades 1000000 --symbols 10000
 * </pre>
 */
@Command(name = "as-of-join-bench", mixinStandardHelpOptions = true,
        description = "As-of join of synthetic trades with synthetic quotes, output discarded: rows/s and state held.")
public final class AsOfJoinBench implements Callable<Integer> {

    static final String JOIN = "as-of";

    @Option(names = "--quotes", defaultValue = "10000000", description = "Quotes (default: ${DEFAULT-VALUE}).")
    long quotes;

    @Option(names = "--trades", defaultValue = "1000000", description = "Trades (default: ${DEFAULT-VALUE}).")
    long trades;

    @Option(names = "--symbols", defaultValue = "10000", description = "Symbols (default: ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--parallelism", defaultValue = "1", description = "Join subtasks (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--backend", defaultValue = "heap", description = "heap, columnar or rocksdb (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--out-of-orderness-ms", defaultValue = "5000",
            description = "Bounded out-of-orderness of both inputs: how long a trade waits (default: ${DEFAULT-VALUE}).")
    long outOfOrderness;

    @Option(names = "--batch-size", defaultValue = "8192", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-quotes-per-second", defaultValue = "0",
            description = "Pace the quotes, and the trades in proportion, so that both move through event time together"
                    + " (0, the default: unpaced; the trades, ten times fewer, then run ahead and wait in state).")
    long maxQuotesPerSecond;

    @Option(names = "--state-dir", defaultValue = "sabot-output/as-of-bench-state",
            description = "Working directory of RocksDB state (default: ${DEFAULT-VALUE}).")
    Path stateDirectory;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AsOfJoinBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StateBackendKind kind = StateBackendKind.parse(backend);
        WatermarkStrategy watermarks = WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(outOfOrderness))
                .withTimestampAssigner(TimestampAssigner.column("ts"));
        JobBuilder job = JobBuilder.named("as-of-bench").stateBackend(StateBackendConfig.of(kind).withLocalDirectory(stateDirectory));
        long maxTradesPerSecond = maxQuotesPerSecond == 0 ? 0 : Math.max(1, maxQuotesPerSecond * trades / Math.max(1, quotes));
        DataStream tradeStream = job.source("trades", PacedSource.of(
                SyntheticTrades.alongside(symbols, trades, quotes).withBatchSize(batchSize), maxTradesPerSecond), watermarks);
        DataStream quoteStream = job.source("quotes", PacedSource.of(
                SyntheticQuotes.of(symbols, quotes).withBatchSize(batchSize), maxQuotesPerSecond), watermarks);
        // The operator KeyedStream.asOfJoin builds, made here so that its instances can be asked what they hold.
        AsOfJoin.Spec spec = new AsOfJoin.Spec(List.of(new AsOfJoin.Carry("bid", "bid"), new AsOfJoin.Carry("ask", "ask")),
                "quote_ts", null);
        List<AsOfJoin> joins = new CopyOnWriteArrayList<>();
        tradeStream.connect(quoteStream).keyBy("symbol", "symbol").process(JOIN, () -> {
            AsOfJoin join = new AsOfJoin(MarketData.TRADES, MarketData.QUOTES, spec);
            joins.add(join);
            return join;
        }, parallelism).sinkTo("discard", new DiscardSink(), parallelism);

        System.out.printf(Locale.ROOT, "as-of join: %,d trades with %,d quotes over %,d symbols, out-of-orderness %d ms,"
                + " %s state, parallelism %d, batches of %,d, %s%n", trades, quotes, symbols, outOfOrderness, kind.id(),
                parallelism, batchSize, maxQuotesPerSecond == 0 ? "unpaced"
                        : String.format(Locale.ROOT, "paced at %,d quotes/s and %,d trades/s", maxQuotesPerSecond, maxTradesPerSecond));
        long maxRows = 0;
        long maxBytes = 0;
        JobResult result;
        try (SabotNode node = SabotNode.start()) {
            JobHandle handle = node.submit(job.build());
            while (!handle.result().toCompletableFuture().isDone()) {
                long rows = 0;
                long bytes = 0;
                for (AsOfJoin join : joins) { // the subtasks' own counts, read from another thread: a sample
                    rows += join.heldRows();
                    bytes += join.heldBytes();
                }
                maxRows = Math.max(maxRows, rows);
                maxBytes = Math.max(maxBytes, bytes);
                Thread.sleep(20);
            }
            result = handle.result().toCompletableFuture().get();
        }
        if (!result.succeeded()) {
            System.err.println("error: the benchmark job failed: " + result.error());
            return 1;
        }
        double seconds = result.duration().toNanos() / 1e9;
        long in = result.stats("trades").rowsIn() + result.stats("quotes").rowsIn();
        long joined = result.stats(JOIN).rowsOut();
        long held = joins.stream().mapToLong(AsOfJoin::heldRows).sum();
        System.out.printf(Locale.ROOT, "elapsed %.2f s, %,d rows in (%,.0f rows/s), %,d trades joined (%,.0f trades/s)%n",
                seconds, in, in / seconds, joined, joined / seconds);
        System.out.printf(Locale.ROOT, "state held at most: %,d rows, %,d bytes of rows (+ 12 bytes of time and offset"
                + " per row), %,d symbols; at the end: %,d rows (the quote in force per symbol, or more)%n",
                maxRows, maxBytes, result.stats(JOIN).keys(), held);
        return 0;
    }
}
