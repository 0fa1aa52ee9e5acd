package io.sabot.fintech.kernels;

import static io.sabot.fintech.kernels.KernelCheck.orNull;
import static io.sabot.fintech.kernels.TestQuotes.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stateless quote kernels: microprice, spread, relative spread, L1 imbalance. */
class QuoteKernelsTest {

    @TempDir
    Path directory;

    private static final Features QUOTE_FEATURES = Features.builder()
            .microprice().spread().relativeSpread().imbalance().build();

    @Test
    void handWorkedExamples() throws Exception {
        TestQuotes quotes = TestQuotes.of(
                new Object[] {"A", 10.0, 10.2, 300, 100},   // micro (10·100 + 10.2·300) / 400 = 10.15; spread 0.2; imbalance 0.5
                new Object[] {"A", 10.0, 10.2, 0, 0},       // no size: micro = mid 10.1, imbalance null
                new Object[] {"B", 20.0, 19.9, 100, 100},   // crossed: spread -0.1, as quoted
                new Object[] {"B", null, 20.0, 100, 100},   // no bid: everything null
                new Object[] {"C", 0.0, 0.0, 100, 300});    // mid 0: relative spread null
        Map<String, List<Double>> out = KernelCheck.run(QUOTE_FEATURES, quotes, 2, StateBackendKind.HEAP, directory, -1);
        assertEquals(Arrays.asList(10.15, 10.1, 19.95, null, 0.0), out.get("microprice"));
        assertEquals(0.2, out.get("spread").get(0), 1e-12);
        assertEquals(-0.1, out.get("spread").get(2), 1e-12);
        assertNull(out.get("spread").get(3));
        assertNull(out.get("relative_spread_bps").get(4));
        assertEquals(0.2 / 10.1 * 1e4, out.get("relative_spread_bps").get(0), 1e-9);
        assertEquals(Arrays.asList(0.5, null, 0.0, 0.0, -0.5), out.get("imbalance"));
    }

    @Test
    void matchTheirDefinitionsOnGeneratedQuotesWithBadValues() throws Exception {
        TestQuotes quotes = TestQuotes.generated(30, 3000, 7);
        List<Double> microprice = new ArrayList<>();
        List<Double> spread = new ArrayList<>();
        List<Double> relative = new ArrayList<>();
        List<Double> imbalance = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            double b = read(quotes.bid().get(i));
            double a = read(quotes.ask().get(i));
            double qb = read(quotes.bidSize().get(i));
            double qa = read(quotes.askSize().get(i));
            double mid = (b + a) / 2;
            microprice.add(orNull(qb == 0 && qa == 0 ? mid : qb + qa == 0 ? Double.NaN : (b * qa + a * qb) / (qb + qa)));
            spread.add(orNull(a - b));
            relative.add(orNull(mid > 0 ? (a - b) / mid * 10_000 : Double.NaN));
            imbalance.add(orNull(qb + qa == 0 ? Double.NaN : (qb - qa) / (qb + qa)));
        }
        KernelCheck.assertMatches(QUOTE_FEATURES, quotes, Map.of("microprice", microprice, "spread", spread,
                "relative_spread_bps", relative, "imbalance", imbalance), 1e-12, directory);
    }
}
