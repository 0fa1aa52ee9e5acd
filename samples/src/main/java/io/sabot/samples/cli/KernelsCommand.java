package io.sabot.samples.cli;

import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.agents.BadRows;
import io.sabot.fintech.kernels.Features;
import io.sabot.samples.kernels.KernelsJob;
import io.sabot.actors.api.Sink;
import io.sabot.actors.io.arrow.ArrowFileSink;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.fintech.schema.MarketData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sabot kernels}: per-symbol features of a CSV file of quotes, one output row per input row, in input order. */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Computes per-symbol quote features of a CSV file (header symbol,ts,bid,ask,bid_size,ask_size) or a"
                + " Kafka topic (values: those columns in that order) into a CSV file and/or a topic: the input columns, then"
                + " one column per feature, one row per input row in input order.")
final class KernelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--input", description = "Quotes CSV file (or --input-topic).")
    Path input;

    @Option(names = "--output", description = "Features CSV file (Arrow IPC if it ends in .arrow); and/or --output-topic.")
    Path output;

    @Option(names = "--alpha", defaultValue = "0.06",
            description = "EWMA smoothing factor in (0, 1]; the EW variance uses lambda = 1 - alpha (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--window", defaultValue = "20",
            description = "Values in the rolling mean/std/z-score and realized-variance windows (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--features", defaultValue = Features.FEATURE_JOB, split = ",",
            description = "Features, in output order (default: ${DEFAULT-VALUE}; also relative_spread, welford, realized_var).")
    List<String> features;

    @Option(names = "--bad-rows", arity = "1..2", defaultValue = "fail", paramLabel = "fail|skip|dead-letter FILE",
            description = "A row that breaks a rule (a symbol; a timestamp >= 0; prices finite and > 0; sizes finite"
                    + " and >= 0; bid <= ask) or cannot be read (a value that is not a number, a wrong number of"
                    + " fields, a broken quote): fail the job (naming the line), skip it (it updates no state), or"
                    + " write it to FILE with its line, the reason and its text (default: ${DEFAULT-VALUE}).")
    List<String> badRows;

    @Override
    public Integer call() throws Exception {
        kafka.check(input != null, output != null, run);
        if (input != null) {
            InputFile.check(spec, "--input", input);
        }
        Arguments.require(spec, alpha > 0 && alpha <= 1, "--alpha must be in (0, 1]");
        Arguments.require(spec, window >= 1, "--window must be at least 1");
        BadRows policy = policy();
        Features featureSet;
        try {
            featureSet = Features.named(features, alpha, window);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--features: " + e.getMessage());
        }
        Path deadLetters = policy == BadRows.DEAD_LETTER ? Path.of(badRows.get(1)) : null;
        var out = spec.commandLine().getOut();
        JobResult result;
        OutputFiles prepared = new OutputFiles(spec, run.keepsCheckpoints());
        if (input != null) {
            prepared.input("--input", input);
        }
        try (OutputFiles files = prepared.output("--output", output).output("--bad-rows dead-letter", deadLetters).prepare()) {
            String from = input != null ? input.toString() : "topic " + kafka.inputTopic;
            String to = Stream.of(output == null ? null : output.toString(), kafka.writesTopic() ? "topic " + kafka.outputTopic : null)
                    .filter(Objects::nonNull).collect(Collectors.joining(" and "));
            out.printf(Locale.ROOT, "Sabot kernels: %s -> %s (%s)%n", from, to, String.join(",", featureSet.columns()));
            out.flush();
            KernelsJob.Input quotes = input != null ? KernelsJob.Input.file(input, run.maxRowsPerSecond)
                    : KernelsJob.Input.topic(kafka.source(MarketData.QUOTES), kafka.inputTopic, run.maxRowsPerSecond);
            List<Sink> outputs = new ArrayList<>();
            if (output != null) {
                Path staged = files.staged(output);
                outputs.add(output.toString().endsWith(".arrow") ? ArrowFileSink.to(staged) : CsvSink.to(staged));
            }
            if (kafka.writesTopic()) {
                outputs.add(kafka.sink("symbol", "kernels"));
            }
            try (SabotNode node = SabotNode.start(run.nodeConfig())) {
                JobHandle handle = run.submit(node, KernelsJob.build(quotes, outputs, featureSet, policy,
                        deadLetters == null ? null : CsvSink.to(files.staged(deadLetters))));
                result = handle.result().toCompletableFuture().get();
            }
            OptionalInt ended = run.unsuccessful(result, "the kernels job");
            if (ended.isPresent()) {
                return ended.getAsInt();
            }
            files.commit();
        }
        long rowsIn = result.stats(KernelsJob.SOURCE).rowsIn(); // read (rows out count what a partial restart sent again)
        long rowsOut = result.stats("out").rowsIn(); // the feature agent's rows out count once per output
        out.printf(Locale.ROOT, "rows: %,d in, %,d out, %,d rejected%s  symbols: %,d  elapsed: %.2f s%n", rowsIn, rowsOut,
                rowsIn - rowsOut, deadLetters != null ? " (to " + deadLetters + ")" : "",
                result.stats(KernelsJob.FEATURES).keys(), result.duration().toNanos() / 1e9);
        run.noteIfResumed(result);
        out.flush();
        return 0;
    }

    private BadRows policy() {
        String name = badRows.get(0);
        boolean withFile = badRows.size() == 2;
        if (name.equals("dead-letter") && withFile) {
            return BadRows.DEAD_LETTER;
        }
        if (!withFile && (name.equals("fail") || name.equals("skip"))) {
            return name.equals("fail") ? BadRows.FAIL : BadRows.SKIP;
        }
        throw new ParameterException(spec.commandLine(), "--bad-rows must be 'fail', 'skip' or 'dead-letter FILE', was '"
                + String.join(" ", badRows) + "'");
    }
}
