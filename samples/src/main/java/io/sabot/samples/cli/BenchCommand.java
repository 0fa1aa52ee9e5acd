package io.sabot.samples.cli;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.runtime.LatencyHistogram;
import io.sabot.fintech.kernels.Features;
import io.sabot.samples.bench.BenchJob;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sabot bench}: the end-to-end throughput benchmark (generator → mid-price → EWMA). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end benchmark: generated quotes -> mid-price -> per-symbol EWMA, output discarded;"
                + " ends with a line 'rows/s: <number>'.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--symbols", defaultValue = "10000", description = "Symbols (default: ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--rows", defaultValue = "50000000", description = "Quotes (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--backend", defaultValue = "heap", description = "heap, columnar or rocksdb (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--parallelism", defaultValue = "2", description = "Subtasks per vertex (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--batch-size", defaultValue = "65536", description = "Rows per Arrow batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--exchange", defaultValue = "partitioned",
            description = "partitioned: a source partitioned by symbol, no reshuffle; keyed: one source and a keyBy"
                    + " exchange (default: ${DEFAULT-VALUE}).")
    String exchange;

    @Option(names = "--zipf", defaultValue = "1.1",
            description = "Activity skew of symbols (1/rank^s); 0 quotes every symbol equally often (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--kernels", defaultValue = "ewma",
            description = "ewma: mid-price then EWMA agents; features: one agent computing the feature job's features"
                    + " (those of `sabot kernels`: mid, microprice, spread, imbalance, OFI, log return, EWMA, EW variance,"
                    + " rolling mean/std/z-score over 20); all: one agent computing every quote feature (those plus"
                    + " relative spread, Welford mean/variance and realized variance over 20); map-filter: no kernels, a"
                    + " filter (bid size above ask size) then a map (the mid-price), vectorized; map-filter-records: the"
                    + " same on Java records (default: ${DEFAULT-VALUE}).")
    String kernels;

    @Option(names = "--dictionary-symbols",
            description = "Dictionary-encoded symbols: int32 indices into a dictionary carried by each batch.")
    boolean dictionarySymbols;

    @Option(names = "--with-ofi", description = "With --kernels ewma: add an order-flow imbalance agent (four more state"
            + " values per symbol).")
    boolean withOfi;

    @Option(names = "--state-dir", defaultValue = "sabot-output/bench-state",
            description = "Working directory of RocksDB state (default: ${DEFAULT-VALUE}).")
    Path stateDirectory;

    @Override
    public Integer call() throws Exception {
        StateBackendKind kind;
        try {
            kind = StateBackendKind.parse(backend);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        BenchJob.Operators operators = switch (kernels) {
            case "map-filter" -> BenchJob.Operators.VECTORIZED;
            case "map-filter-records" -> BenchJob.Operators.RECORDS;
            default -> null;
        };
        List<String> features = switch (kernels) {
            case "ewma", "map-filter", "map-filter-records" -> List.of();
            case "features" -> List.of(Features.FEATURE_JOB.split(","));
            case "all" -> Features.NAMES;
            default -> throw new ParameterException(spec.commandLine(), "--kernels must be ewma, features, all, map-filter or map-filter-records");
        };
        if (withOfi && !kernels.equals("ewma")) {
            throw new ParameterException(spec.commandLine(), "--with-ofi goes with --kernels ewma (features and all have OFI)");
        }
        if (!exchange.equals("partitioned") && !exchange.equals("keyed")) {
            throw new ParameterException(spec.commandLine(), "--exchange must be partitioned or keyed");
        }
        Arguments.require(spec, symbols >= 1, "--symbols must be at least 1");
        Arguments.require(spec, rows >= 1, "--rows must be at least 1");
        Arguments.require(spec, batchSize >= 1, "--batch-size must be at least 1");
        Arguments.require(spec, parallelism >= 1 && parallelism <= BenchJob.MAX_PARALLELISM,
                "--parallelism must be within 1.." + BenchJob.MAX_PARALLELISM);
        Arguments.require(spec, zipf >= 0, "--zipf must be at least 0"); // also NaN
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Sabot bench: %,d quotes, %,d %ssymbols (zipf %s), %s%s state, parallelism %d, %s source,"
                + " batches of %,d%n", rows, symbols, dictionarySymbols ? "dictionary-encoded " : "", zipf, kernels.equals("all") ? "all quote features, " : kernels.equals("features") ? "the feature job's features, " : operators == BenchJob.Operators.VECTORIZED ? "vectorized filter + map, " : operators != null ? "filter + map on records, " : withOfi ? "EWMA + OFI, " : "", kind.id(), parallelism, exchange,
                batchSize);
        out.flush();
        StateBackendConfig state = StateBackendConfig.of(kind).withLocalDirectory(stateDirectory);
        BenchJob.Settings settings = new BenchJob.Settings(symbols, rows, batchSize, parallelism,
                    exchange.equals("partitioned"), zipf, withOfi, features, dictionarySymbols, state, run.maxRowsPerSecond,
                    operators);
        JobResult result;
        LatencyHistogram latency;
        List<Duration> recoveries;
        long readInAllAttempts;
        long processedInAllAttempts;
        AtomicReference<LatencyHistogram> atSteadyStart = new AtomicReference<>();
        AtomicReference<LatencyHistogram> atSteadyEnd = new AtomicReference<>();
        Progress progress = new Progress(out, System.console() != null, rows);
        try (SabotNode node = SabotNode.start(run.nodeConfig())) {
            JobHandle handle = run.submit(node, BenchJob.build(settings));
            progress.showingCheckpoints(handle.metrics());
            progress.atSteadyPhase(() -> atSteadyStart.set(handle.metrics().latency(BenchJob.SINK)),
                    () -> atSteadyEnd.set(handle.metrics().latency(BenchJob.SINK)));
            progress.follow(() -> handle.metrics().rowsIn(settings.measuredAgent()), () -> handle.metrics().keys(settings.measuredAgent()),
                    () -> handle.result().toCompletableFuture().isDone());
            result = handle.result().toCompletableFuture().get();
            latency = handle.metrics().latency(BenchJob.SINK);
            recoveries = handle.metrics().recoveries();
            readInAllAttempts = handle.metrics().rowsInAllAttempts(BenchJob.SOURCE);
            processedInAllAttempts = handle.metrics().rowsInAllAttempts(settings.measuredAgent());
        }
        OptionalInt ended = run.unsuccessful(result, "the benchmark job");
        if (ended.isPresent()) {
            return ended.getAsInt();
        }
        double seconds = result.duration().toNanos() / 1e9;
        // after a restart the restarted subtasks' totals cover the rows since their checkpoint: the input counts
        long processed = result.restarts() > 0 ? rows : result.stats(settings.measuredAgent()).rowsIn();
        out.printf(Locale.ROOT, "rows: %,d  symbols: %,d  elapsed: %.2f s  first rows after %.2f s%n", processed,
                result.stats(settings.measuredAgent()).keys(), seconds, progress.secondsToFirstRows());
        printLatency(out, "all batches", latency);
        if (progress.hadSteadyPhase()) {
            printLatency(out, "from 20% to 80% of the rows", atSteadyEnd.get().since(atSteadyStart.get()));
        }
        out.printf(Locale.ROOT, "steady rows/s (from 20%% to 80%% of the rows): %.0f%n", progress.steadyRate());
        out.printf(Locale.ROOT, "rows/s: %.0f%n", processed / seconds);
        if (result.restarts() > 0) {
            out.printf(Locale.ROOT, "restarts: %d  from failure to processing again: %s ms  rows read again: %,d"
                    + "  rows processed again by %s: %,d%n", result.restarts(),
                    recoveries.stream().map(d -> Long.toString(d.toMillis())).toList(), readInAllAttempts - rows,
                    settings.measuredAgent(), processedInAllAttempts - rows);
        }
        run.noteIfResumed(result);
        out.flush();
        return 0;
    }


    private static void printLatency(PrintWriter out, String phase, LatencyHistogram latency) {
        out.printf(Locale.ROOT, "batch latency (source to sink), %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d batches%n",
                phase, latency.percentileMicros(0.5) / 1e3, latency.percentileMicros(0.99) / 1e3,
                latency.percentileMicros(1.0) / 1e3, latency.count());
    }
}
