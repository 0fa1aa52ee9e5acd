package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingStatsTest {

    @TempDir
    Path directory;

    private static Features rolling(int window) {
        return Features.builder().mid().rolling("mid", window).build();
    }

    @Test
    void handWorkedExample() throws Exception {
        TestQuotes quotes = TestQuotes.of( // mids 1, 2, 3, 4, 4, 4 in a window of 3
                new Object[] {"A", 1.0, 1.0, 1, 1},
                new Object[] {"A", 2.0, 2.0, 1, 1},
                new Object[] {"A", 3.0, 3.0, 1, 1},
                new Object[] {"A", null, 3.0, 1, 1},
                new Object[] {"A", 4.0, 4.0, 1, 1},
                new Object[] {"A", 4.0, 4.0, 1, 1},
                new Object[] {"A", 4.0, 4.0, 1, 1});
        Map<String, List<Double>> out = KernelCheck.run(rolling(3), quotes, 2, StateBackendKind.HEAP, directory, -1);
        assertEquals(Arrays.asList(1.0, 1.5, 2.0, 2.0, 3.0, 11.0 / 3, 4.0), out.get("mid_rolling_mean"));
        double sqrtHalf = Math.sqrt(0.5);
        assertEquals(Arrays.asList(null, sqrtHalf, 1.0, 1.0, 1.0), out.get("mid_rolling_std").subList(0, 5));
        assertEquals(Math.sqrt(1.0 / 3), out.get("mid_rolling_std").get(5), 1e-15);
        assertEquals(0.0, out.get("mid_rolling_std").get(6)); // 4, 4, 4: exactly 0
        // z = (x − mean) / std; null for the first (no std), the missing mid, and a std of 0
        assertEquals(Arrays.asList(null, 0.5 / sqrtHalf, 1.0, null, 1.0), out.get("mid_zscore").subList(0, 5));
        assertEquals((4 - 11.0 / 3) / Math.sqrt(1.0 / 3), out.get("mid_zscore").get(5), 1e-12);
        assertEquals(null, out.get("mid_zscore").get(6));
    }

    @Test
    void matchesAWindowRecomputedFromScratchOnEveryRow() throws Exception {
        TestQuotes quotes = TestQuotes.generated(15, 3000, 13);
        for (int window : new int[] {1, 2, 20}) {
            KernelCheck.assertMatches(rolling(window), quotes, expected(quotes, window), 1e-9, directory);
        }
    }

    /** Mean, sample std and z-score of each symbol's last {@code window} valid mids, computed over the whole window. */
    private static Map<String, List<Double>> expected(TestQuotes quotes, int window) {
        Map<String, Deque<Double>> windows = new HashMap<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        List<Double> zs = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            Deque<Double> values = windows.computeIfAbsent(quotes.symbols().get(i), s -> new ArrayDeque<>());
            double mid = quotes.mid(i);
            if (!Double.isNaN(mid)) {
                values.addLast(mid);
                if (values.size() > window) {
                    values.removeFirst();
                }
            }
            int n = values.size();
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
            boolean allEqual = values.stream().distinct().count() == 1;
            double std = n < 2 ? Double.NaN : allEqual ? 0
                    : Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1));
            if (std < RollingStats.NOISE * Math.abs(mean)) {
                std = 0;
            }
            means.add(n == 0 ? null : mean);
            stds.add(KernelCheck.orNull(std));
            zs.add(std > 0 && !Double.isNaN(mid) ? (mid - mean) / std : null);
        }
        return Map.of("mid_rolling_mean", means, "mid_rolling_std", stds, "mid_zscore", zs);
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> rolling(0));
    }
}
