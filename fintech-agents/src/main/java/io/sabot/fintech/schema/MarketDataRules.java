package io.sabot.fintech.schema;

import io.sabot.actors.io.csv.CsvSource.Requirement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a valid market-data row is, defined once for every job that reads one (the quote check of
 * {@code sabot kernels}, the trades file of {@code sabot bars}): a symbol; a timestamp {@code >= 0}
 * (epoch milliseconds); prices finite and {@code > 0}; sizes finite and {@code >= 0}; and, in a
 * quote, a bid not above its ask. A null or NaN fails every rule.
 */
public final class MarketDataRules {

    /** Prices: {@code bid}, {@code ask} of a quote, {@code price} of a trade. */
    private static final List<String> PRICES = List.of("bid", "ask", "price");
    /** Sizes: {@code bid_size}, {@code ask_size}, {@code size}. */
    private static final List<String> SIZES = List.of("bid_size", "ask_size", "size");

    private MarketDataRules() {}

    /** A price: finite and above 0 (a price of 0 would move every average of its symbol). */
    public static boolean validPrice(double price) {
        return price > 0 && price < Double.POSITIVE_INFINITY;
    }

    /** A size: finite and not negative (0 is a quote side or a trade without volume). */
    public static boolean validSize(double size) {
        return size >= 0 && size < Double.POSITIVE_INFINITY;
    }

    /** A timestamp in epoch milliseconds: not before 1970. */
    public static boolean validTimestamp(double ts) {
        return ts >= 0;
    }

    /** What is wrong with a quote whose bid is {@code bid} and ask {@code ask}, or null when bid <= ask. */
    public static String crossedQuote(double bid, double ask) {
        return bid > ask ? "bid " + bid + " is above ask " + ask + " (a crossed quote)" : null;
    }

    /**
     * The rule of each column of {@code schema} that has one, by its name in {@link MarketData}:
     * {@code symbol}, {@code ts}, the prices and the sizes; other columns have none.
     */
    public static List<Requirement> of(Schema schema) {
        List<Requirement> rules = new ArrayList<>();
        for (Field field : schema.getFields()) {
            String name = field.getName();
            if (name.equals("symbol")) {
                rules.add(new Requirement(name, null, "a symbol"));
            } else if (name.equals("ts")) {
                rules.add(new Requirement(name, MarketDataRules::validTimestamp, "a timestamp >= 0"));
            } else if (PRICES.contains(name)) {
                rules.add(new Requirement(name, MarketDataRules::validPrice, "a finite price > 0"));
            } else if (SIZES.contains(name)) {
                rules.add(new Requirement(name, MarketDataRules::validSize, "a finite size >= 0"));
            }
        }
        return rules;
    }
}
