package io.sabot.fintech.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EwVarianceTest {

    @TempDir
    Path directory;

    private static Features features(double lambda) {
        return Features.builder().mid().logReturn("mid").ewVariance("mid", lambda).build();
    }

    @Test
    void handWorkedExample() throws Exception {
        TestQuotes quotes = TestQuotes.of(
                new Object[] {"A", 99.0, 101.0, 1, 1},   // no return yet: null
                new Object[] {"A", 109.0, 111.0, 1, 1},  // r1 = ln 1.1: seeded with r1²
                new Object[] {"A", 109.0, 111.0, 1, 1},  // r2 = 0: 0.5·r1²
                new Object[] {"A", null, 111.0, 1, 1});  // no return: carries 0.5·r1²
        List<Double> variance = KernelCheck.run(features(0.5), quotes, 3, StateBackendKind.HEAP, directory, -1)
                .get("mid_ewvar");
        double r1 = Math.log(1.1);
        assertEquals(Arrays.asList(null, r1 * r1, 0.5 * r1 * r1, 0.5 * r1 * r1), variance);
    }

    @Test
    void matchesRiskMetricsOnGeneratedQuotes() throws Exception {
        TestQuotes quotes = TestQuotes.generated(25, 3000, 11);
        double lambda = EwVariance.RISK_METRICS_LAMBDA;
        List<Double> returns = LogReturnTest.expected(quotes);
        Map<String, Double> state = new HashMap<>();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            String symbol = quotes.symbols().get(i);
            Double r = returns.get(i);
            if (r != null) {
                Double previous = state.get(symbol);
                state.put(symbol, previous == null ? r * r : lambda * previous + (1 - lambda) * r * r);
            }
            expected.add(state.get(symbol));
        }
        KernelCheck.assertMatches(features(lambda), quotes, Map.of("mid_ewvar", expected), 1e-12, directory);
    }

    @Test
    void rejectsALambdaOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> features(1));
        assertThrows(IllegalArgumentException.class, () -> features(-0.1));
    }
}
