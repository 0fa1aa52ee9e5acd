package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VWAP over any price and size columns; the quotes' bid and bid size stand in for trades here. */
class VwapTest {

    @TempDir
    Path directory;

    private static final Features VWAP = Features.builder().vwap("bid", "bid_size").build();

    @Test
    void handWorkedExample() throws Exception {
        TestQuotes trades = TestQuotes.of(
                new Object[] {"A", 10.0, 0, 100, 0},   // 10
                new Object[] {"A", 12.0, 0, 300, 0},   // (1000 + 3600) / 400 = 11.5
                new Object[] {"A", 99.0, 0, -5, 0},    // negative size: ignored, 11.5
                new Object[] {"B", 5.0, 0, 0, 0},      // no volume yet: null
                new Object[] {"B", Double.NaN, 0, 10, 0}); // NaN price: ignored, still null
        assertEquals(Arrays.asList(10.0, 11.5, 11.5, null, null),
                KernelCheck.run(VWAP, trades, 2, StateBackendKind.HEAP, directory, -1).get("vwap"));
    }

    @Test
    void matchesCumulativeSumsOnGeneratedData() throws Exception {
        TestQuotes trades = TestQuotes.generated(25, 3000, 19);
        Map<String, double[]> sums = new HashMap<>();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < trades.size(); i++) {
            double[] s = sums.computeIfAbsent(trades.symbols().get(i), k -> new double[2]);
            double p = TestQuotes.read(trades.bid().get(i));
            double q = TestQuotes.read(trades.bidSize().get(i));
            if (p > 0 && q >= 0 && Double.isFinite(p) && Double.isFinite(q)) {
                s[0] += p * q;
                s[1] += q;
            }
            expected.add(s[1] > 0 ? s[0] / s[1] : null);
        }
        KernelCheck.assertMatches(VWAP, trades, Map.of("vwap", expected), 1e-12, directory);
    }
}
