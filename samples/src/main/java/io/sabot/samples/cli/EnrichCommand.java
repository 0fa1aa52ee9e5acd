package io.sabot.samples.cli;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.bars.BarsJob;
import io.sabot.fintech.bars.Trade;
import io.sabot.fintech.enrich.EnrichJob;
import io.sabot.fintech.enrich.EnrichedTrade;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sabot enrich}: each trade with the quote in force at its time (an as-of join in event
 * time) and its side by the quote rule. Output rows are sorted by time, then symbol (trades of one
 * symbol and time in file order), so the files do not depend on the parallelism.
 */
@Command(name = "enrich", mixinStandardHelpOptions = true,
        description = "Each trade of a trades CSV (symbol,ts,price,size) with the quote in force at its time from a quotes"
                + " CSV (symbol,ts,bid,ask,bid_size,ask_size; ts in epoch ms): quote_ts, bid, ask, mid, spread, and side"
                + " by the quote rule (1 above the mid, -1 below, 0 at it). An as-of join in event time with bounded"
                + " out-of-orderness; trades too late for it go to a late-trades file.")
final class EnrichCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--trades", required = true, description = "Trades CSV: symbol,ts,price,size.")
    Path trades;

    @Option(names = "--quotes", required = true, description = "Quotes CSV: symbol,ts,bid,ask,bid_size,ask_size.")
    Path quotes;

    @Option(names = "--out-of-orderness", defaultValue = "0s", converter = Durations.class,
            description = "How far timestamps may go back, in both files: watermark = max ts - this - 1 ms; a trade waits"
                    + " this long for its quote (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--output", defaultValue = "sabot-output/enriched.csv",
            description = "Enriched trades CSV (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--late-output", description = "CSV for the trades too late for the join (default: dropped).")
    Path lateOutput;

    @Option(names = "--parallelism", defaultValue = "1", description = "Join subtasks (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--batch-size", defaultValue = "8192", description = "Rows per Arrow batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        InputFile.check(spec, "--trades", trades);
        InputFile.check(spec, "--quotes", quotes);
        Arguments.require(spec, parallelism >= 1 && parallelism <= 128, "--parallelism must be within 1..128");
        Arguments.require(spec, batchSize >= 1, "--batch-size must be at least 1");

        var out = spec.commandLine().getOut();
        CollectSink<EnrichedTrade> enriched = CollectSink.of(EnrichedTrade.class);
        CollectSink<Trade> late = CollectSink.of(Trade.class);
        EnrichJob.Settings settings = new EnrichJob.Settings(outOfOrderness, parallelism);
        JobResult result;
        try (OutputFiles files = new OutputFiles(spec, run.keepsCheckpoints()).input("--trades", trades)
                .input("--quotes", quotes).output("--output", output).output("--late-output", lateOutput).prepare()) {
            out.printf(Locale.ROOT, "Sabot enrich: %s with the quotes in force from %s (out-of-orderness %s) -> %s%n",
                    trades, quotes, Durations.format(outOfOrderness), output);
            out.flush();
            JobResult written = null;
            try (SabotNode node = SabotNode.start(run.nodeConfig())) {
                JobHandle handle = run.submit(node, EnrichJob.build(
                        run.paced(BarsJob.tradesFile(trades).withBatchSize(batchSize)),
                        run.paced(EnrichJob.quotesFile(quotes).withBatchSize(batchSize)), settings, enriched, late));
                Progress progress = new Progress(out, System.console() != null, InputFile.lines(trades) - 1)
                        .showingCheckpoints(handle.metrics());
                progress.follow(() -> handle.metrics().rowsIn(EnrichJob.TRADES), () -> handle.metrics().keys(EnrichJob.JOIN),
                        () -> handle.result().toCompletableFuture().isDone());
                result = handle.result().toCompletableFuture().get();
                if (result.succeeded()) {
                    // by time, then symbol, stably: the join keeps a symbol's trades of one time in file order
                    written = new SortedCsv("enrich-output")
                            .add("enriched", EnrichedTrade.class, enriched.records(),
                                    Comparator.comparingLong(EnrichedTrade::ts).thenComparing(EnrichedTrade::symbol),
                                    files.staged(output))
                            .add("late", Trade.class, late.records(),
                                    Comparator.comparingLong(Trade::ts).thenComparing(Trade::symbol),
                                    lateOutput == null ? null : files.staged(lateOutput))
                            .write(node);
                }
            }
            OptionalInt ended = run.unsuccessful(result, "the enrich job");
            if (ended.isEmpty()) {
                ended = run.unsuccessful(written, "writing the sorted trades");
            }
            if (ended.isPresent()) {
                return ended.getAsInt();
            }
            files.commit();
        }
        long tradeCount = result.stats(EnrichJob.TRADES).rowsIn();
        long quoteCount = result.stats(EnrichJob.QUOTES).rowsIn();
        long withoutQuote = enriched.records().stream().filter(t -> t.quote_ts() == null).count();
        double seconds = result.duration().toNanos() / 1e9;
        out.print(Format.table("Summary", List.of(
                new String[] {"trades", String.format(Locale.ROOT, "%,d", tradeCount)},
                new String[] {"quotes", String.format(Locale.ROOT, "%,d", quoteCount)},
                new String[] {"enriched", String.format(Locale.ROOT, "%,d", enriched.records().size())},
                new String[] {"without quote", String.format(Locale.ROOT, "%,d", withoutQuote)},
                new String[] {"late trades", String.format(Locale.ROOT, "%,d", late.records().size())},
                new String[] {"parallelism", Integer.toString(parallelism)},
                new String[] {"elapsed", String.format(Locale.ROOT, "%.2f s", seconds)},
                new String[] {"rows/s", String.format(Locale.ROOT, "%,.0f", (tradeCount + quoteCount) / Math.max(seconds, 1e-9))},
                new String[] {"output", output.toAbsolutePath().normalize().toString()},
                new String[] {"late output", lateOutput == null ? "(dropped)" : lateOutput.toAbsolutePath().normalize().toString()})));
        run.noteIfResumed(result);
        out.flush();
        return 0;
    }
}
