package io.sabot.actors.joins;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.records.RecordType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Inputs for as-of join tests (trades joined with quotes), and the join computed from its
 * definition by a plain loop over the inputs, independently of the operator.
 */
public final class AsOfData {

    /** A left row; {@code seq} is its position in the input. */
    public record Trade(String symbol, long ts, double price, long seq) {}

    /** A right row: a nullable number ({@code ask}) and a nullable string ({@code venue}) to carry. */
    public record Quote(String symbol, long ts, double bid, Double ask, String venue, long seq) {}

    /** A joined row: the trade's columns, the matched quote's time, columns and position (null: none matched). */
    public record Joined(String symbol, long ts, double price, long seq, Long quote_ts, Double bid, Double ask,
                         String venue, Long quote_seq) {}

    /** Bounded out-of-orderness of both inputs, in milliseconds. */
    public static final long BOUND = 10;

    /** Late trades, with the trades' columns. */
    public static final OutputTag LATE = new OutputTag("late-trades", RecordType.of(Trade.class).schema());

    /** What the join carries: the quote's time as quote_ts, bid, ask, venue and its seq as quote_seq. */
    public static final AsOfJoin.Spec SPEC = new AsOfJoin.Spec(List.of(new AsOfJoin.Carry("bid", "bid"),
            new AsOfJoin.Carry("ask", "ask"), new AsOfJoin.Carry("venue", "venue"),
            new AsOfJoin.Carry("seq", "quote_seq")), "quote_ts", LATE);

    private AsOfData() {}

    static String symbol(int index) {
        return "S" + index;
    }

    /**
     * {@code count} quotes of {@code symbols} symbols, about 3 ms apart with up to {@link #BOUND} ms
     * of disorder (never beyond it); every 13th repeats the symbol and time of the one before it
     * (a tie: the later arrival must win); every {@code lateEvery}-th (0: none) is 5 bounds behind.
     */
    public static List<Quote> quotes(long seed, int count, int symbols, int lateEvery) {
        Random random = new Random(seed);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ts = 1_000 + 3L * i + random.nextInt((int) BOUND + 1);
            String symbol = symbol(random.nextInt(symbols));
            if (i % 13 == 12) {
                symbol = quotes.get(i - 1).symbol();
                ts = quotes.get(i - 1).ts();
            }
            if (lateEvery > 0 && i % lateEvery == lateEvery - 1) {
                ts -= 5 * BOUND;
            }
            Double ask = i % 7 == 3 ? null : 100 + random.nextInt(1000) / 100.0;
            String venue = i % 11 == 5 ? null : "V".repeat(1 + random.nextInt(6)) + i;
            quotes.add(new Quote(symbol, ts, 99 + random.nextInt(1000) / 100.0, ask, venue, i));
        }
        return quotes;
    }

    /**
     * {@code count} trades 4.5 ms apart (2,000 of them span the time of 3,000 quotes) with up to
     * {@link #BOUND} ms of disorder, on the quotes' millisecond grid, so many have a quote's exact time; symbols
     * {@code S0 … S(symbols + noQuoteSymbols − 1)}, the last {@code noQuoteSymbols} of them never
     * quoted; every {@code lateEvery}-th (0: none) is {@code lateBy} ms behind the rest.
     */
    public static List<Trade> trades(long seed, int count, int symbols, int noQuoteSymbols, int lateEvery, long lateBy) {
        Random random = new Random(seed);
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ts = 990 + 9L * i / 2 + random.nextInt((int) BOUND + 1);
            if (lateEvery > 0 && i % lateEvery == lateEvery - 1) {
                ts -= lateBy;
            }
            trades.add(new Trade(symbol(random.nextInt(symbols + noQuoteSymbols)), ts,
                    10 + random.nextInt(10_000) / 100.0, i));
        }
        return trades;
    }

    /** Per row of a source with bounded out-of-orderness: its watermark before the row, the largest earlier timestamp − bound − 1. */
    public static long[] watermarksBefore(long[] timestamps, long bound) {
        long[] watermarks = new long[timestamps.length];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < timestamps.length; i++) {
            watermarks[i] = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - bound - 1;
            max = Math.max(max, timestamps[i]);
        }
        return watermarks;
    }

    /**
     * The join by its definition: each trade not in {@code lateTrades} with the quote of its symbol,
     * among those not in {@code droppedQuotes}, of the largest time at or before the trade's; of equal
     * times the one later in {@code quotes}. Quotes are sorted per symbol first (by time, then
     * position), then searched with a plain loop. In trade order.
     */
    public static List<Joined> expected(List<Trade> trades, List<Quote> quotes, Set<Long> lateTrades,
                                        Set<Long> droppedQuotes) {
        Map<String, List<Quote>> bySymbol = new HashMap<>();
        for (Quote q : quotes) {
            if (!droppedQuotes.contains(q.seq())) {
                bySymbol.computeIfAbsent(q.symbol(), s -> new ArrayList<>()).add(q);
            }
        }
        bySymbol.values().forEach(list -> list.sort(Comparator.comparingLong(Quote::ts).thenComparingLong(Quote::seq)));
        List<Joined> joined = new ArrayList<>();
        for (Trade t : trades) {
            if (lateTrades.contains(t.seq())) {
                continue;
            }
            Quote match = null;
            for (Quote q : bySymbol.getOrDefault(t.symbol(), List.of())) {
                if (q.ts() <= t.ts()) {
                    match = q; // sorted: the last one at or before the trade wins
                }
            }
            joined.add(match == null
                    ? new Joined(t.symbol(), t.ts(), t.price(), t.seq(), null, null, null, null, null)
                    : new Joined(t.symbol(), t.ts(), t.price(), t.seq(), match.ts(), match.bid(), match.ask(),
                            match.venue(), match.seq()));
        }
        return joined;
    }

    /** {@code rows} sorted by seq. */
    public static <T> List<T> bySeq(List<T> rows, java.util.function.ToLongFunction<T> seq) {
        List<T> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(seq));
        return sorted;
    }
}
