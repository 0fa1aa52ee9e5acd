package io.sabot.samples.demo;

import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.io.arrow.ArrowFileSink;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.fintech.kernels.Ewma;
import io.sabot.fintech.kernels.Midprice;
import io.sabot.fintech.source.SyntheticQuotes;
import java.nio.file.Path;

/**
 * The demo pipeline: synthetic quotes → mid-price → per-symbol EWMA of the mid → a CSV file (or an
 * Arrow IPC file when the name ends in {@code .arrow}).
 * Both agents are keyed by symbol and run with the given parallelism.
 */
public final class DemoJob {

    public static final String SOURCE = "quotes";
    public static final String EWMA = "mid-ewma";

    private DemoJob() {}

    public static JobGraph build(SyntheticQuotes quotes, double alpha, int parallelism, Path output) {
        JobBuilder job = JobBuilder.named("demo");
        job.source(SOURCE, quotes)
                .keyBy("symbol").process("midprice", Midprice::new, parallelism)
                .keyBy("symbol").process(EWMA, () -> new Ewma("mid", alpha), parallelism)
                .sinkTo("features", output.toString().endsWith(".arrow") ? ArrowFileSink.to(output) : CsvSink.to(output));
        return job.build();
    }
}
