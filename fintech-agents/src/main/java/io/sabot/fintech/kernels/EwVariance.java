package io.sabot.fintech.kernels;

import io.sabot.state.api.ColumnarStateStore;
import io.sabot.state.api.ColumnarStateStore.DoubleColumnState;
import java.util.List;

/**
 * Exponentially weighted variance of returns, RiskMetrics (J.P. Morgan, 1996):
 *
 * <pre>  σ²_0 = r_0²,   σ²_t = λ·σ²_{t−1} + (1 − λ)·r_t²,   λ in [0, 1)</pre>
 *
 * over a float64 column of returns (e.g. {@code mid_log_return}); the volatility is its square
 * root. A null or NaN return (a symbol's first row has none) leaves the state unchanged and the row
 * gets the current variance (null before the first return). State: σ² per symbol (NaN: none yet).
 */
public final class EwVariance extends Kernel {

    /** RiskMetrics' decay for daily returns. */
    public static final double RISK_METRICS_LAMBDA = 0.94;

    private final String output;
    private final double lambda;
    private DoubleColumnState variance;

    public EwVariance(String returns, String output, double lambda) {
        super("EW variance", List.of(returns), List.of(output), true);
        if (!(lambda >= 0 && lambda < 1)) {
            throw new IllegalArgumentException("EW variance lambda must be in [0, 1), was " + lambda);
        }
        this.output = output;
        this.lambda = lambda;
    }

    public double lambda() {
        return lambda;
    }

    @Override
    protected void openState(ColumnarStateStore columns) {
        variance = columns.doubleColumn(output, Double.NaN);
    }

    @Override
    protected long compute(int[] keys, int from, int to, long[] in, long[] out) {
        return Ewma.smooth(variance.values(), keys, from, to, in[0], out[0], 1 - lambda, true); // an EWMA of r² with α = 1 − λ
    }
}
