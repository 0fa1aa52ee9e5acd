package io.sabot.fintech.kernels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WelfordTest {

    @TempDir
    Path directory;

    @Test
    void runningMeanAndSampleVarianceMatchTwoPassComputations() throws Exception {
        TestQuotes quotes = TestQuotes.generated(20, 2500, 5);
        Map<String, List<Double>> seen = new HashMap<>();
        List<Double> means = new ArrayList<>();
        List<Double> variances = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            List<Double> values = seen.computeIfAbsent(quotes.symbols().get(i), s -> new ArrayList<>());
            double mid = quotes.mid(i);
            if (!Double.isNaN(mid)) {
                values.add(mid);
            }
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            means.add(KernelCheck.orNull(mean));
            variances.add(values.size() < 2 ? null : squares / (values.size() - 1));
        }
        KernelCheck.assertMatches(Features.builder().mid().welford("mid").build(), quotes,
                Map.of("mid_mean", means, "mid_var", variances), 1e-9, directory);
    }
}
