package io.sabot.fintech.kernels;

import static io.sabot.fintech.kernels.KernelCheck.orNull;
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

class LogReturnTest {

    @TempDir
    Path directory;

    private static final Features MID_RETURNS = Features.builder().mid().logReturn("mid").build();

    @Test
    void handWorkedExample() throws Exception {
        TestQuotes quotes = TestQuotes.of(
                new Object[] {"A", 99.0, 101.0, 1, 1},   // mid 100: first price, null
                new Object[] {"B", 9.0, 11.0, 1, 1},     // mid 10: first of B, null
                new Object[] {"A", 109.0, 111.0, 1, 1},  // mid 110: ln(1.1)
                new Object[] {"A", null, 111.0, 1, 1},   // no mid: null, state kept
                new Object[] {"A", -1.0, -1.0, 1, 1},    // negative price: null, state kept
                new Object[] {"A", 120.0, 122.0, 1, 1}); // mid 121 against 110: ln(1.1)
        List<Double> returns = KernelCheck.run(MID_RETURNS, quotes, 4, StateBackendKind.HEAP, directory, -1)
                .get("mid_log_return");
        assertEquals(Arrays.asList(null, null), returns.subList(0, 2));
        assertEquals(Math.log(1.1), returns.get(2), 1e-15);
        assertEquals(Arrays.asList(null, null), returns.subList(3, 5));
        assertEquals(Math.log(1.1), returns.get(5), 1e-15);
    }

    @Test
    void matchesTheDefinitionOnGeneratedQuotes() throws Exception {
        TestQuotes quotes = TestQuotes.generated(25, 3000, 3);
        KernelCheck.assertMatches(MID_RETURNS, quotes, Map.of("mid_log_return", expected(quotes)), 1e-12, directory);
    }

    /** ln(p_t / p_{t−1}) per symbol over valid (positive, finite) mids; null for the first and for invalid ones. */
    static List<Double> expected(TestQuotes quotes) {
        Map<String, Double> previous = new HashMap<>();
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            double mid = quotes.mid(i);
            if (!(mid > 0) || Double.isInfinite(mid)) {
                out.add(null);
                continue;
            }
            Double last = previous.put(quotes.symbols().get(i), mid);
            out.add(last == null ? null : orNull(Math.log(mid / last)));
        }
        return out;
    }
}
