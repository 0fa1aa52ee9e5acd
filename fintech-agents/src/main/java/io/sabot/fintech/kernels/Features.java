package io.sabot.fintech.kernels;

import io.sabot.actors.api.BatchFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A feature agent: the kernels it is built from run in one agent, in the order they were added,
 * over each batch (one key binding, outputs allocated once, later kernels reading earlier outputs in
 * place), appending every feature column to the input. Declared with a builder:
 *
 * <pre>{@code
 * Features features = Features.builder()
 *         .mid().microprice().spread().imbalance().ofi()
 *         .logReturn("mid").ewma("mid", 0.06).ewVariance("mid", 0.94).rolling("mid", 20)
 *         .build();
 * job.source("quotes", quotes).keyBy("symbol").process("features", features, 2);
 * }</pre>
 *
 * or by names from the command line ({@link #named}). An instance is a supplier of the agent: each
 * subtask gets its own kernels and state.
 */
public final class Features implements Supplier<BatchFunction> {

    /** The features the command line knows, by name, in a useful order. */
    public static final List<String> NAMES = List.of("mid", "microprice", "spread", "relative_spread", "imbalance",
            "ofi", "log_return", "ewma", "ewvar", "welford", "rolling", "realized_var");

    /**
     * The feature job's features (`sabot kernels`, the demo): mid, microprice, spread, imbalance, OFI,
     * the mid's log return, EWMA, EW variance and rolling mean/std/z-score.
     */
    public static final String FEATURE_JOB = "mid,microprice,spread,imbalance,ofi,log_return,ewma,ewvar,rolling";

    private final List<Supplier<Kernel>> kernels;
    private final List<String> columns;

    private Features(List<Supplier<Kernel>> kernels) {
        this.kernels = List.copyOf(kernels);
        this.columns = List.copyOf(new KernelPipeline(instantiate()).outputColumns()); // checks names now
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Features by name (see {@link #NAMES}), on quotes: price features of the mid, EWMA with
     * {@code alpha}, EW variance of the mid's log return with λ = 1 − alpha, rolling statistics
     * and realized variance over {@code window} values. {@code ewvar} and {@code realized_var} need
     * {@code log_return}, and every mid feature needs {@code mid}, earlier in the list.
     */
    public static Features named(List<String> names, double alpha, int window) {
        Builder builder = builder();
        for (String name : names) {
            switch (name.strip()) {
                case "mid" -> builder.mid();
                case "microprice" -> builder.microprice();
                case "spread" -> builder.spread();
                case "relative_spread" -> builder.relativeSpread();
                case "imbalance" -> builder.imbalance();
                case "ofi" -> builder.ofi();
                case "log_return" -> builder.logReturn("mid");
                case "ewma" -> builder.ewma("mid", alpha);
                case "ewvar" -> builder.ewVariance("mid", 1 - alpha);
                case "welford" -> builder.welford("mid");
                case "rolling" -> builder.rolling("mid", window);
                case "realized_var" -> builder.realizedVariance("mid", window);
                default -> throw new IllegalArgumentException("unknown feature '" + name.strip() + "' (known: "
                        + String.join(", ", NAMES) + ")");
            }
        }
        return builder.build();
    }

    /** Every output column, in order. */
    public List<String> columns() {
        return columns;
    }

    /** A new agent with its own kernels. */
    @Override
    public BatchFunction get() {
        return new KernelPipeline(instantiate());
    }

    private List<Kernel> instantiate() {
        return kernels.stream().map(Supplier::get).toList();
    }

    /** Adds kernels in order; {@link #build} checks that no two write the same column. */
    public static final class Builder {
        private final List<Supplier<Kernel>> kernels = new ArrayList<>();

        private Builder() {}

        /** Any kernel, including your own. */
        public Builder add(Supplier<? extends Kernel> kernel) {
            kernels.add(kernel::get);
            return this;
        }

        /** {@code mid = (bid + ask) / 2}. */
        public Builder mid() {
            return add(Midprice::new);
        }

        public Builder microprice() {
            return add(Microprice::new);
        }

        /** {@code spread = ask − bid}. */
        public Builder spread() {
            return add(Spread::new);
        }

        /** {@code relative_spread_bps = (ask − bid) / mid · 10^4}. */
        public Builder relativeSpread() {
            return add(RelativeSpread::new);
        }

        /** {@code imbalance = (bid_size − ask_size) / (bid_size + ask_size)}. */
        public Builder imbalance() {
            return add(L1Imbalance::new);
        }

        /** Order-flow imbalance, {@code ofi}. */
        public Builder ofi() {
            return add(OrderFlowImbalance::new);
        }

        /** {@code <column>_log_return}. */
        public Builder logReturn(String column) {
            return add(() -> new LogReturn(column));
        }

        /** {@code <column>_ewma} with smoothing factor alpha. */
        public Builder ewma(String column, double alpha) {
            new Ewma(column, alpha); // rejects a bad alpha now
            return add(() -> new Ewma(column, alpha));
        }

        /** {@code <column>_ewma} with α = 2 / (span + 1). */
        public Builder ewmaSpan(String column, double span) {
            return ewma(column, Ewma.alphaOfSpan(span));
        }

        /** {@code <column>_ewma} with α = 1 − 2^(−1/halfLife). */
        public Builder ewmaHalfLife(String column, double halfLife) {
            return ewma(column, Ewma.alphaOfHalfLife(halfLife));
        }

        /** {@code <price>_ewvar}: RiskMetrics variance of {@code <price>_log_return} (add {@link #logReturn} first). */
        public Builder ewVariance(String price, double lambda) {
            new EwVariance(price + "_log_return", price + "_ewvar", lambda); // rejects a bad lambda now
            return add(() -> new EwVariance(price + "_log_return", price + "_ewvar", lambda));
        }

        /** {@code <column>_mean} and {@code <column>_var} since the first value. */
        public Builder welford(String column) {
            return add(() -> new Welford(column));
        }

        /** {@code <column>_rolling_mean}, {@code <column>_rolling_std}, {@code <column>_zscore} over {@code window} values. */
        public Builder rolling(String column, int window) {
            RingState.checkSize("a rolling", window);
            return add(() -> new RollingStats(column, window));
        }

        /** {@code <price>_realized_var}: Σ r² of the last {@code window} log returns (add {@link #logReturn} first). */
        public Builder realizedVariance(String price, int window) {
            RingState.checkSize("a realized-variance", window);
            return add(() -> new RealizedVariance(price + "_log_return", price + "_realized_var", window));
        }

        /** Cumulative {@code vwap} of trades. */
        public Builder vwap(String price, String size) {
            return add(() -> new Vwap(price, size));
        }

        public Features build() {
            return new Features(kernels);
        }
    }
}
