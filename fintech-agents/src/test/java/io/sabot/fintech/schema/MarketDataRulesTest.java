package io.sabot.fintech.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.io.csv.CsvSource.Requirement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validity rules of market-data fields at their edges, and which column gets which. */
class MarketDataRulesTest {

    @Test
    void pricesAreFiniteAndAboveZero() {
        for (double valid : new double[] {Double.MIN_VALUE, 0.01, 100.0, Double.MAX_VALUE}) {
            assertTrue(MarketDataRules.validPrice(valid), "price " + valid);
        }
        for (double invalid : new double[] {0.0, -0.0, -0.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertFalse(MarketDataRules.validPrice(invalid), "price " + invalid);
        }
    }

    @Test
    void sizesAreFiniteAndNotNegative() {
        for (double valid : new double[] {0.0, -0.0, Double.MIN_VALUE, 300.0, Double.MAX_VALUE}) {
            assertTrue(MarketDataRules.validSize(valid), "size " + valid);
        }
        for (double invalid : new double[] {-1e-9, -5.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertFalse(MarketDataRules.validSize(invalid), "size " + invalid);
        }
    }

    @Test
    void timestampsAreNotBefore1970AndABidIsNotAboveItsAsk() {
        assertTrue(MarketDataRules.validTimestamp(0));
        assertTrue(MarketDataRules.validTimestamp(Long.MAX_VALUE));
        assertFalse(MarketDataRules.validTimestamp(-1));
        assertFalse(MarketDataRules.validTimestamp(Long.MIN_VALUE));
        assertNull(MarketDataRules.crossedQuote(100.0, 100.0), "a locked quote is not crossed");
        assertNull(MarketDataRules.crossedQuote(99.99, 100.0));
        assertEquals("bid 100.01 is above ask 100.0 (a crossed quote)", MarketDataRules.crossedQuote(100.01, 100.0));
    }

    @Test
    void quotesAndTradesGetTheSameRuleForTheSameKindOfField() {
        List<Requirement> quotes = MarketDataRules.of(MarketData.QUOTES);
        List<Requirement> trades = MarketDataRules.of(MarketData.TRADES);
        assertEquals(List.of("symbol", "ts", "bid", "ask", "bid_size", "ask_size"), quotes.stream().map(Requirement::column).toList());
        assertEquals(List.of("symbol", "ts", "price", "size"), trades.stream().map(Requirement::column).toList());
        assertEquals(description(quotes, "bid"), description(trades, "price"));
        assertEquals(description(quotes, "ask"), description(trades, "price"));
        assertEquals(description(quotes, "bid_size"), description(trades, "size"));
        assertEquals(description(quotes, "ts"), description(trades, "ts"));
        assertNull(rule(quotes, "symbol").valid(), "a symbol only has to be there");
        assertFalse(rule(quotes, "bid").valid().test(0.0), "bid = 0 is rejected like price = 0");
        assertFalse(rule(trades, "ts").valid().test(-1), "a negative trade time is rejected like a quote's");
    }

    private static Requirement rule(List<Requirement> rules, String column) {
        return rules.stream().filter(r -> r.column().equals(column)).findFirst().orElseThrow();
    }

    private static String description(List<Requirement> rules, String column) {
        return rule(rules, column).description();
    }
}
