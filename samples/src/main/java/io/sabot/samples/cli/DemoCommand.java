package io.sabot.samples.cli;

import io.sabot.actors.api.Source;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.io.arrow.ArrowFileSink;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.bars.BarsJob;
import io.sabot.fintech.bars.Trade;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.fintech.schema.MarketData;
import io.sabot.samples.data.BitstampTrades;
import io.sabot.samples.demo.DemoJob;
import io.sabot.samples.demo.SymbolSummary;
import java.nio.file.Path;
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

/** {@code sabot demo}: the main job on an embedded single-node cluster. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Synthetic quotes for many symbols through a per-symbol feature agent (mid, microprice, spread,"
                + " imbalance, OFI, log return, EWMA, EW variance, rolling mean/std/z-score) into a file, on an embedded"
                + " single-node cluster, and real Bitstamp trades (ta4j-examples) into one-minute OHLCV bars in event"
                + " time; ends with the top symbols by order-flow imbalance and by volatility.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--symbols", defaultValue = "10000", description = "Symbols to generate (default: ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--rows", defaultValue = "1000000", description = "Quotes to generate (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--alpha", defaultValue = "0.06", description = "EWMA smoothing factor in (0, 1]; the EW variance uses lambda = 1 - alpha (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--parallelism", defaultValue = "2", description = "Subtasks per agent (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--batch-size", defaultValue = "8192", description = "Rows per Arrow batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--output", defaultValue = "sabot-output/demo-features.arrow",
            description = "Output file: Arrow IPC if it ends in .arrow, else CSV (default: ${DEFAULT-VALUE}; CSV is"
                    + " bounded by formatting doubles, about ten times slower than the features themselves).")
    Path output;

    @Option(names = "--bars-output", defaultValue = "sabot-output/demo-bars.csv",
            description = "One-minute bars of the Bitstamp trades (default: ${DEFAULT-VALUE}).")
    Path barsOutput;

    @Override
    public Integer call() throws Exception {
        Arguments.require(spec, symbols >= 1, "--symbols must be at least 1");
        Arguments.require(spec, rows >= 0, "--rows must not be negative");
        Arguments.require(spec, alpha > 0 && alpha <= 1, "--alpha must be in (0, 1]");
        Arguments.require(spec, parallelism >= 1 && parallelism <= 128, "--parallelism must be within 1..128");
        Arguments.require(spec, batchSize >= 1, "--batch-size must be at least 1");

        if (kafka.writesTopic()) {
            Arguments.require(spec, !spec.commandLine().getParseResult().hasMatchedOption("--output"),
                    "give --output or --output-topic, not both");
            output = null; // the features go to the topic
        }
        kafka.check(!kafka.readsTopic(), output != null, run); // without --input-topic: synthetic quotes
        var out = spec.commandLine().getOut();
        JobResult result;
        SymbolSummary summary;
        try (OutputFiles files = new OutputFiles(spec, run.keepsCheckpoints())
                .output("--output", output).output("--bars-output", barsOutput).prepare()) {
            String from = kafka.readsTopic() ? "topic " + kafka.inputTopic + ": quotes"
                    : String.format(Locale.ROOT, "%,d quotes for %,d symbols", rows, symbols);
            out.printf(Locale.ROOT, "Sabot demo: %s -> features (%s) -> %s%n"
                            + "            100,000 Bitstamp trades -> 1-minute bars in event time -> %s%n",
                    from, String.join(",", DemoJob.features(alpha).columns()),
                    output != null ? output : "topic " + kafka.outputTopic, barsOutput);
            out.flush();
            Source quotes = kafka.readsTopic() ? kafka.source(MarketData.QUOTES).withBatchSize(batchSize)
                    : SyntheticQuotes.of(symbols, rows).withBatchSize(batchSize);
            // the trades come from memory: no intermediate file in the user's folders
            Source trades = CollectionSource.of(Trade.class, BitstampTrades.trades()).withBatchSize(batchSize);
            Path staged = files.staged(output);
            summary = new SymbolSummary(output == null ? kafka.sink("symbol", "demo")
                    : output.toString().endsWith(".arrow") ? ArrowFileSink.to(staged) : CsvSink.to(staged));
            try (SabotNode node = SabotNode.start(run.nodeConfig())) {
                JobHandle handle = run.submit(node, DemoJob.build(run.paced(quotes), alpha, parallelism, summary,
                        run.paced(trades), CsvSink.to(files.staged(barsOutput))));
                Progress progress = new Progress(out, System.console() != null, kafka.readsTopic() ? -1 : rows)
                        .showingEventTime(() -> handle.metrics().watermark(BarsJob.BARS))
                        .showingCheckpoints(handle.metrics());
                progress.follow(() -> handle.metrics().rowsIn(DemoJob.SOURCE), () -> handle.metrics().keys(DemoJob.FEATURES),
                        () -> handle.result().toCompletableFuture().isDone());
                result = handle.result().toCompletableFuture().get();
            }
            OptionalInt ended = run.unsuccessful(result, "the demo job");
            if (ended.isPresent()) {
                return ended.getAsInt();
            }
            files.commit();
        }
        double seconds = result.duration().toNanos() / 1e9;
        long rowsOut = result.stats(DemoJob.FEATURES).rowsOut();
        long rowsIn = result.stats(DemoJob.SOURCE).rowsOut();
        out.print(Format.columns("Top symbols by order-flow imbalance (summed over all quotes)",
                List.of("symbol", "quotes", "OFI", "volatility"), summary.topByOfi(5).stream().map(DemoCommand::cells).toList()));
        out.print(Format.columns("Top symbols by volatility (EW, lambda " + (1 - alpha) + ", of mid log returns;"
                        + " symbols with 20 quotes or more)", List.of("symbol", "quotes", "OFI", "volatility"),
                summary.topByVolatility(5, 20).stream().map(DemoCommand::cells).toList()));
        List<Stage> stages = List.of(
                new Stage("source", kafka.readsTopic() ? "Kafka" : "synthetic quotes", result.stats(DemoJob.SOURCE).busyRate(rowsIn, 1)),
                new Stage("features", parallelism + " subtasks", result.stats(DemoJob.FEATURES).busyRate(rowsIn, parallelism)),
                new Stage("output", output == null ? "Kafka" : output.toString().endsWith(".arrow") ? "Arrow IPC" : "CSV",
                        result.stats(DemoJob.OUTPUT).busyRate(rowsIn, 1)));
        Stage bound = stages.stream().filter(st -> !Double.isNaN(st.rate()))
                .min(Comparator.comparingDouble(Stage::rate)).orElse(stages.get(1));
        out.print(Format.table("Summary", List.of(
                new String[] {"rows", String.format(Locale.ROOT, "%,d", rowsOut)},
                new String[] {"symbols", String.format(Locale.ROOT, "%,d", result.stats(DemoJob.FEATURES).keys())},
                new String[] {"parallelism", Integer.toString(parallelism)},
                new String[] {"elapsed", String.format(Locale.ROOT, "%.2f s", seconds)},
                new String[] {"rows/s end to end", String.format(Locale.ROOT, "%,.0f", rowsOut / Math.max(seconds, 1e-9))},
                stages.get(0).row(), stages.get(1).row(), stages.get(2).row(),
                new String[] {"bounded by", bound.name() + " (" + bound.what() + ")"},
                new String[] {"output", output == null ? "topic " + kafka.outputTopic : output.toAbsolutePath().normalize().toString()},
                new String[] {"trades", String.format(Locale.ROOT, "%,d", result.stats(BarsJob.SOURCE).rowsIn())},
                new String[] {"1-minute bars", String.format(Locale.ROOT, "%,d", result.stats(BarsJob.BARS).rowsOut())},
                new String[] {"bars output", barsOutput.toAbsolutePath().normalize().toString()})));
        run.noteIfResumed(result);
        out.flush();
        return 0;
    }

    /**
     * One stage of the quote pipeline and the rows per second it handles while busy (reading,
     * computing or writing; not waiting): the slowest one bounds the run.
     */
    private record Stage(String name, String what, double rate) {
        String[] row() {
            return new String[] {name + " rows/s", Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%,.0f (%s)", rate, what)};
        }
    }

    private static String[] cells(SymbolSummary.Symbol symbol) {
        return new String[] {symbol.symbol(), String.format(Locale.ROOT, "%,d", symbol.quotes()),
                String.format(Locale.ROOT, "%,.0f", symbol.ofi()), String.format(Locale.ROOT, "%.6f", symbol.volatility())};
    }
}
