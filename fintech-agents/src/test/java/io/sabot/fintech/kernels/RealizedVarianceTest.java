package io.sabot.fintech.kernels;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealizedVarianceTest {

    @TempDir
    Path directory;

    @Test
    void sumOfSquaredReturnsOverTheLastNMatchesARecomputation() throws Exception {
        TestQuotes quotes = TestQuotes.generated(15, 3000, 17);
        List<Double> returns = LogReturnTest.expected(quotes);
        for (int window : new int[] {1, 5, 30}) {
            Map<String, Deque<Double>> windows = new HashMap<>();
            List<Double> expected = new ArrayList<>();
            for (int i = 0; i < quotes.size(); i++) {
                Deque<Double> values = windows.computeIfAbsent(quotes.symbols().get(i), s -> new ArrayDeque<>());
                Double r = returns.get(i);
                if (r != null) {
                    values.addLast(r * r);
                    if (values.size() > window) {
                        values.removeFirst();
                    }
                }
                expected.add(values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).sum());
            }
            KernelCheck.assertMatches(Features.builder().mid().logReturn("mid").realizedVariance("mid", window).build(),
                    quotes, Map.of("mid_realized_var", expected), 1e-9, directory);
        }
    }
}
