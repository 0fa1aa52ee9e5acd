package io.sabot.fintech.kernels;

import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.FixedDecimalIndicator;
import org.ta4j.core.indicators.statistics.VarianceIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * EWMA and the rolling mean and standard deviation against ta4j, a widely used technical-analysis
 * library: per symbol, ta4j's EMA (α = 2 / (span + 1)), SMA and variance over the symbol's valid
 * mids, with Bessel's correction for ta4j's population variance. Rows whose mid is missing carry
 * the symbol's last value, as the kernels document.
 */
class Ta4jCrossCheckTest {

    private static final int SPAN = 20;

    @TempDir
    Path directory;

    @Test
    void ewmaOfASpanEqualsTa4jsEma() throws Exception {
        TestQuotes quotes = TestQuotes.generated(12, 4000, 21);
        Features ewma = Features.builder().mid().ewmaSpan("mid", SPAN).build();
        Map<String, List<Double>> expected = Map.of("mid_ewma",
                perValidMid(quotes, mids -> new EMAIndicator(mids, SPAN)));
        KernelCheck.assertMatches(ewma, quotes, expected, 1e-12, directory);
    }

    @Test
    void rollingMeanAndStdEqualTa4jsSmaAndVariance() throws Exception {
        TestQuotes quotes = TestQuotes.generated(12, 4000, 22);
        Features rolling = Features.builder().mid().rolling("mid", SPAN).build();
        List<Double> means = perValidMid(quotes, mids -> new SMAIndicator(mids, SPAN));
        List<Double> populationVariances = perValidMid(quotes, mids -> new VarianceIndicator(mids, SPAN));
        Map<String, Integer> seen = new HashMap<>();
        List<Double> stds = new ArrayList<>();
        for (int row = 0; row < quotes.size(); row++) {
            Double variance = populationVariances.get(row);
            String symbol = quotes.symbols().get(row);
            if (!Double.isNaN(quotes.mid(row))) {
                seen.merge(symbol, 1, Integer::sum);
            }
            double n = Math.min(SPAN, seen.getOrDefault(symbol, 0)); // values in the window
            double std = variance == null || n < 2 ? Double.NaN : Math.sqrt(variance * n / (n - 1));
            if (std < RollingStats.NOISE * Math.abs(means.get(row))) {
                std = 0; // the kernel's documented floor for values a few ulps apart
            }
            stds.add(KernelCheck.orNull(std));
        }
        Map<String, List<Double>> expected = new LinkedHashMap<>();
        expected.put("mid_rolling_mean", means);
        expected.put("mid_rolling_std", stds);
        // ta4j sums the window in another order: standard deviations agree to about 1e-7 of their value
        KernelCheck.compare(expected, KernelCheck.run(rolling, quotes, 333, StateBackendKind.COLUMNAR, directory, -1),
                1e-6, "columnar backend");
    }

    /**
     * One ta4j indicator per symbol over that symbol's valid mids, read back per input row: the value at
     * the symbol's latest valid mid (null before its first).
     */
    private static List<Double> perValidMid(TestQuotes quotes, Function<Indicator<Num>, Indicator<Num>> indicator) {
        Map<String, List<Double>> mids = new HashMap<>();
        for (int row = 0; row < quotes.size(); row++) {
            double mid = quotes.mid(row);
            if (!Double.isNaN(mid)) {
                mids.computeIfAbsent(quotes.symbols().get(row), s -> new ArrayList<>()).add(mid);
            }
        }
        Map<String, Indicator<Num>> indicators = new HashMap<>();
        mids.forEach((symbol, values) -> {
            BarSeries series = new BaseBarSeriesBuilder().withNumTypeOf(DoubleNum::valueOf).build();
            indicators.put(symbol, indicator.apply(new FixedDecimalIndicator(series,
                    values.stream().mapToDouble(Double::doubleValue).toArray())));
        });
        Map<String, Integer> seen = new HashMap<>();
        List<Double> out = new ArrayList<>();
        for (int row = 0; row < quotes.size(); row++) {
            String symbol = quotes.symbols().get(row);
            if (!Double.isNaN(quotes.mid(row))) {
                seen.merge(symbol, 1, Integer::sum);
            }
            int count = seen.getOrDefault(symbol, 0);
            out.add(count == 0 ? null : indicators.get(symbol).getValue(count - 1).doubleValue());
        }
        return out;
    }
}
