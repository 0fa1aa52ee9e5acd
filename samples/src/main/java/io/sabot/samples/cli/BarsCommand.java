package io.sabot.samples.cli;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.bars.Bar;
import io.sabot.fintech.bars.BarsJob;
import io.sabot.fintech.bars.Trade;
import io.sabot.actors.api.Source;
import io.sabot.fintech.schema.MarketData;
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
 * {@code sabot bars}: OHLCV bars per symbol from a trades file, in event time. Output rows are
 * sorted by window start, then symbol (the firings of one bar in the order they happened), so the
 * files do not depend on the parallelism.
 */
@Command(name = "bars", mixinStandardHelpOptions = true,
        description = "OHLCV bars per symbol from a trades CSV (symbol,ts,price,size; ts in epoch ms) with event-time"
                + " tumbling windows, bounded out-of-orderness, allowed lateness and a late-trades file.")
final class BarsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--input", description = "Trades CSV: symbol,ts,price,size (or --input-topic, values in that order).")
    Path input;

    @Option(names = "--window", defaultValue = "60s", converter = Durations.class,
            description = "Bar length (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--out-of-orderness", defaultValue = "0s", converter = Durations.class,
            description = "How far timestamps may go back: watermark = max ts - this - 1 ms (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--allowed-lateness", defaultValue = "0s", converter = Durations.class,
            description = "Late trades within this after a bar's end update it (default: ${DEFAULT-VALUE}).")
    Duration allowedLateness;

    @Option(names = "--output", defaultValue = "sabot-output/bars.csv",
            description = "Bars CSV, sorted (default: ${DEFAULT-VALUE}; with --output-topic: none).")
    Path output;

    @Option(names = "--idle-timeout", converter = Durations.class, paramLabel = "DURATION",
            description = "A partition of --input-topic without trades for this long stops holding the bars back (default: it"
                    + " holds them back until it has trades again, as Flink without withIdleness).")
    Duration idleTimeout;

    @Option(names = "--late-output", description = "CSV for the trades too late for any bar (default: dropped).")
    Path lateOutput;

    @Option(names = "--late-warning-share", defaultValue = "0.01", paramLabel = "SHARE",
            description = "Warn (on stderr, with the first late trade) when more than this share of the trades is too"
                    + " late for any bar (default: ${DEFAULT-VALUE}).")
    double lateWarningShare;

    @Option(names = "--parallelism", defaultValue = "1", description = "Bar subtasks (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--batch-size", defaultValue = "8192", description = "Rows per Arrow batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (kafka.writesTopic()) {
            Arguments.require(spec, !spec.commandLine().getParseResult().hasMatchedOption("--output"),
                    "give --output or --output-topic, not both");
            output = null; // the bars go to the topic, as they fire
        }
        kafka.check(input != null, output != null, run);
        if (input != null) {
            InputFile.check(spec, "--input", input);
        }
        Arguments.require(spec, idleTimeout == null || !idleTimeout.isZero(), "--idle-timeout must be longer than 0");
        Arguments.require(spec, !window.isZero(), "--window must be longer than 0");
        Arguments.require(spec, parallelism >= 1 && parallelism <= 128, "--parallelism must be within 1..128");
        Arguments.require(spec, batchSize >= 1, "--batch-size must be at least 1");
        Arguments.require(spec, lateWarningShare >= 0 && lateWarningShare <= 1, "--late-warning-share must be within 0..1");

        BarsJob.Settings settings = new BarsJob.Settings(window, outOfOrderness, allowedLateness, parallelism, idleTimeout);
        if (run.onCluster()) {
            return onCluster(settings);
        }
        var out = spec.commandLine().getOut();
        CollectSink<Bar> bars = CollectSink.of(Bar.class);
        CollectSink<Trade> late = CollectSink.of(Trade.class);
        JobResult result;
        OutputFiles prepared = new OutputFiles(spec, run.keepsCheckpoints());
        if (input != null) {
            prepared.input("--input", input);
        }
        try (OutputFiles files = prepared.output("--output", output).output("--late-output", lateOutput).prepare()) {
            out.printf(Locale.ROOT, "Sabot bars: %s -> %s bars (out-of-orderness %s, allowed lateness %s) -> %s%n",
                    input != null ? input : "topic " + kafka.inputTopic, Durations.format(window), Durations.format(outOfOrderness),
                    Durations.format(allowedLateness), output != null ? output : "topic " + kafka.outputTopic);
            out.flush();
            JobResult written = null;
            Source trades = input != null ? BarsJob.tradesFile(input).withBatchSize(batchSize)
                    : BarsJob.tradesTopic(kafka.source(MarketData.TRADES).withBatchSize(batchSize));
            try (SabotNode node = SabotNode.start(run.nodeConfig())) {
                // to a topic, late trades are kept only for --late-output (a live topic never ends)
                JobHandle handle = run.submit(node, BarsJob.build(run.paced(trades), settings,
                        output != null ? bars : kafka.sink("symbol", "bars"), output == null && lateOutput == null ? null : late));
                Progress progress = new Progress(out, System.console() != null, input != null ? InputFile.lines(input) - 1 : -1)
                        .showingCheckpoints(handle.metrics());
                progress.follow(() -> handle.metrics().rowsIn(BarsJob.SOURCE), () -> handle.metrics().keys(BarsJob.BARS),
                        () -> handle.result().toCompletableFuture().isDone());
                result = handle.result().toCompletableFuture().get();
                if (result.succeeded() && (output != null || lateOutput != null)) {
                    written = new SortedCsv("bars-output")
                            .add("bars", Bar.class, bars.records(),
                                    Comparator.comparingLong(Bar::window_start).thenComparing(Bar::symbol),
                                    output == null ? null : files.staged(output))
                            .add("late", Trade.class, late.records(),
                                    Comparator.comparingLong(Trade::ts).thenComparing(Trade::symbol),
                                    lateOutput == null ? null : files.staged(lateOutput))
                            .write(node);
                }
            }
            OptionalInt ended = run.unsuccessful(result, "the bars job");
            if (ended.isEmpty() && written != null) {
                ended = run.unsuccessful(written, "writing the sorted bars");
            }
            if (ended.isPresent()) {
                return ended.getAsInt();
            }
            files.commit();
        }
        summary(result, output == null && lateOutput == null ? "(not kept: see --late-output)"
                : String.format(Locale.ROOT, "%,d", late.records().size()));
        run.noteIfResumed(result);
        out.flush();
        LateWarning.of(result.stats(BarsJob.SOURCE).rowsIn(), late.records(), lateWarningShare, lateOutput).ifPresent(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        return 0;
    }

    /**
     * On a cluster ({@code sabot node}): every bar subtask writes part files into the {@code --output}
     * (and {@code --late-output}) directory, which every node reaches; no sorting pass, no staging.
     */
    private int onCluster(BarsJob.Settings settings) throws Exception {
        Arguments.require(spec, output == null || spec.commandLine().getParseResult().hasMatchedOption("--output"),
                "on a cluster give --output: a directory every node reaches (the default is relative to each node)");
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Sabot bars on a cluster: %s -> %s bars -> %s%n", input != null ? input : "topic "
                + kafka.inputTopic, Durations.format(window), output != null ? output + " (part files per subtask)"
                : "topic " + kafka.outputTopic);
        out.flush();
        Source trades = input != null ? BarsJob.tradesFile(input).withBatchSize(batchSize)
                : BarsJob.tradesTopic(kafka.source(MarketData.TRADES).withBatchSize(batchSize));
        JobResult result;
        try (SabotNode node = SabotNode.start(run.nodeConfig())) {
            JobHandle handle = run.submit(node, BarsJob.build(run.paced(trades), settings,
                    output != null ? CsvSink.toDirectory(output) : kafka.sink("symbol", "bars"),
                    lateOutput == null ? null : CsvSink.toDirectory(lateOutput), parallelism));
            // this node's share: the trades its bar subtasks took in (the source runs on one node only)
            new Progress(out, System.console() != null, -1).showingCheckpoints(handle.metrics())
                    .follow(() -> handle.metrics().rowsIn(BarsJob.BARS), () -> handle.metrics().keys(BarsJob.BARS),
                            () -> handle.result().toCompletableFuture().isDone());
            result = handle.result().toCompletableFuture().get();
        }
        OptionalInt ended = run.unsuccessful(result, "the bars job");
        if (ended.isPresent()) {
            return ended.getAsInt();
        }
        summary(result, lateOutput == null ? "(dropped)" : String.format(Locale.ROOT, "%,d", result.stats("late-out").rowsIn()));
        run.noteIfResumed(result);
        out.flush();
        return 0;
    }

    private void summary(JobResult result, String lateTrades) {
        var out = spec.commandLine().getOut();
        long trades = result.stats(BarsJob.SOURCE).rowsIn();
        double seconds = result.duration().toNanos() / 1e9;
        out.print(Format.table("Summary", List.of(
                new String[] {"trades", String.format(Locale.ROOT, "%,d", trades)},
                new String[] {"bars", String.format(Locale.ROOT, "%,d", result.stats(BarsJob.BARS_OUT).rowsIn())},
                new String[] {"late trades", lateTrades},
                new String[] {"parallelism", Integer.toString(parallelism)},
                new String[] {"elapsed", String.format(Locale.ROOT, "%.2f s", seconds)},
                new String[] {"trades/s", String.format(Locale.ROOT, "%,.0f", trades / Math.max(seconds, 1e-9))},
                new String[] {"output", output != null ? output.toAbsolutePath().normalize().toString() : "topic " + kafka.outputTopic},
                new String[] {"late output", lateOutput == null ? "(dropped)" : lateOutput.toAbsolutePath().normalize().toString()})));
    }
}
