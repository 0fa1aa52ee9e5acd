package io.sabot.samples.demo;

import io.sabot.actors.api.Sink;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.graph.JobGraph;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.source.SyntheticQuotes;

/**
 * The demo pipeline: synthetic quotes → keyed by symbol → one feature agent (mid, microprice,
 * spread, imbalance, OFI, log return, EWMA, EW variance, rolling mean/std/z-score) → a file sink
 * that also summarizes every symbol.
 */
public final class DemoJob {

    public static final String SOURCE = "quotes";
    public static final String FEATURES = "features";

    private DemoJob() {}

    /** The demo's features: EWMA with {@code alpha}, EW variance with λ = 1 − alpha, rolling statistics over 20 mids. */
    public static Features features(double alpha) {
        return Features.builder()
                .mid().microprice().spread().imbalance().ofi()
                .logReturn("mid").ewma("mid", alpha).ewVariance("mid", 1 - alpha).rolling("mid", 20)
                .build();
    }

    public static JobGraph build(SyntheticQuotes quotes, double alpha, int parallelism, Sink output) {
        JobBuilder job = JobBuilder.named("demo");
        job.source(SOURCE, quotes)
                .keyBy("symbol").process(FEATURES, features(alpha), parallelism)
                .sinkTo("features-out", output);
        return job.build();
    }
}
