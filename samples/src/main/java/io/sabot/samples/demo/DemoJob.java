package io.sabot.samples.demo;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.Source;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.fintech.bars.BarsJob;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.source.SyntheticQuotes;
import java.time.Duration;
import java.util.List;

/**
 * The demo pipeline: synthetic quotes → keyed by symbol → one feature agent (mid, microprice,
 * spread, imbalance, OFI, log return, EWMA, EW variance, rolling mean/std/z-score) → a file sink
 * that also summarizes every symbol; beside it, real trades → one-minute OHLCV bars in event time.
 */
public final class DemoJob {

    public static final String SOURCE = "quotes";
    public static final String FEATURES = "features";
    public static final String OUTPUT = "features-out";

    private DemoJob() {}

    /** The feature job's features: EWMA with {@code alpha}, EW variance with λ = 1 − alpha, rolling statistics over 20 mids. */
    public static Features features(double alpha) {
        return Features.named(List.of(Features.FEATURE_JOB.split(",")), alpha, 20);
    }

    /** One-minute bars of the trades, in event time (5 s out-of-orderness, no lateness). */
    public static final BarsJob.Settings BARS = new BarsJob.Settings(Duration.ofMinutes(1), Duration.ofSeconds(5),
            Duration.ZERO, 1);

    /**
     * The features of {@code quotes} to {@code output} and, when {@code trades} is given, their
     * one-minute bars to {@code bars}: two pipelines in one job.
     */
    public static JobGraph build(Source quotes, double alpha, int parallelism, Sink output,
                                 Source trades, Sink bars) {
        JobBuilder job = JobBuilder.named("demo");
        job.source(SOURCE, quotes)
                .keyBy("symbol").process(FEATURES, features(alpha), parallelism)
                .sinkTo(OUTPUT, output);
        if (trades != null) {
            BarsJob.addTo(job, trades, BARS, bars, null);
        }
        return job.build();
    }
}
