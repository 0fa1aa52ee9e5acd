package io.sabot.samples.data;

import io.sabot.fintech.bars.Trade;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * 100,000 real Bitstamp BTC/USD trades from 25 November 2013 on, as shipped in ta4j's
 * {@code ta4j-examples} artifact ({@code timestamp} in seconds, {@code price}, {@code amount}), and
 * trades files derived from them: several symbols, out-of-order timestamps.
 */
public final class BitstampTrades {

    /** The resource in ta4j-examples. */
    public static final String RESOURCE = "bitstamp_trades_from_20131125_usd.csv";

    /** The symbol of the trades; with several symbols, "BTCUSD.0", "BTCUSD.1", … */
    private static final String SYMBOL = "BTCUSD";

    /** One trade as shipped: time in seconds, price in USD, amount in BTC (kept as text to write it back exactly). */
    public record Row(long seconds, String price, String amount) {
        /** The time in epoch milliseconds, as trades files have it. */
        public long millis() {
            return seconds * 1000;
        }
    }

    private BitstampTrades() {}

    /** Every trade, in file order. */
    public static List<Row> rows() {
        InputStream in = BitstampTrades.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the class path (it comes with org.ta4j:ta4j-examples)");
        }
        List<Row> rows = new ArrayList<>(100_000);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine(); // header: timestamp,price,amount
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                rows.add(new Row(Long.parseLong(fields[0].strip()), fields[1].strip(), fields[2].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        return rows;
    }

    /**
     * Every trade in file order, as symbol BTCUSD: the trades file of one symbol without disorder, in
     * memory (the same values a reader of that file gets: a decimal text parses to the nearest double).
     */
    public static List<Trade> trades() {
        return rows().stream().map(row -> new Trade(SYMBOL, row.millis(), Double.parseDouble(row.price()),
                Double.parseDouble(row.amount()))).toList();
    }

    /**
     * Writes a trades file ({@code symbol,ts,price,size}, ts in epoch milliseconds): the Bitstamp
     * trades once per symbol ("BTCUSD" alone, else "BTCUSD.0", "BTCUSD.1", …, each trade for every
     * symbol in turn), the first {@code limit} trades only, and each row's timestamp moved back by a
     * random 0 … {@code disorderMillis} (seeded), so rows arrive out of order by up to that much.
     *
     * @return the rows written
     */
    public static long writeTrades(Writer out, int symbols, int limit, long disorderMillis, long seed) throws IOException {
        Random random = new Random(seed);
        List<Row> rows = rows();
        long written = 0;
        out.write("symbol,ts,price,size\n");
        for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
            for (int s = 0; s < symbols; s++) {
                long shift = disorderMillis == 0 ? 0 : (long) (random.nextDouble() * (disorderMillis + 1));
                long ts = row.millis() - shift;
                out.write(symbols == 1 ? SYMBOL : SYMBOL + "." + s);
                out.write(',');
                out.write(Long.toString(ts));
                out.write(',');
                out.write(row.price());
                out.write(',');
                out.write(row.amount());
                out.write('\n');
                written++;
            }
        }
        return written;
    }
}
