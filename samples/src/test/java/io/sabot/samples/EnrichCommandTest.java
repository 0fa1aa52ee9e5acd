package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.samples.data.BitstampTrades;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sabot enrich} on real Bitstamp trades (from ta4j-examples) of three symbols, made out of
 * order, with quotes made around them (one symbol quoted only from half way, one never), against
 * the enrichment computed here by a plain loop over the files; and its late trades and errors.
 */
class EnrichCommandTest {

    private record Trade(String symbol, long ts, double price, double size, int line) {}

    private record Quote(String symbol, long ts, double bid, double ask, int line) {}

    private static final String HEADER = "symbol,ts,price,size,quote_ts,bid,ask,mid,spread,side";

    private static Path tradesFile(Path dir, int limit, long disorderMillis) throws IOException {
        Path file = dir.resolve("trades-" + limit + "-" + disorderMillis + ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            BitstampTrades.writeTrades(out, 3, limit, disorderMillis, 42);
        }
        return file;
    }

    /**
     * Quotes of BTCUSD.0 (all along) and BTCUSD.1 (from the middle on), one per Bitstamp trade and
     * symbol, within ±2 s of it (so up to 4 s out of order), bid and ask around its price; every 5th
     * quote of a symbol repeats the time of the one before if that is within ±2 s too (a tie), every
     * 7th is centred on the trade's price (trades at the mid).
     */
    private static Path quotesFile(Path dir, int limit) throws IOException {
        Random random = new Random(7);
        List<BitstampTrades.Row> rows = BitstampTrades.rows().subList(0, limit);
        Path file = dir.resolve("quotes-" + limit + ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("symbol,ts,bid,ask,bid_size,ask_size\n");
            long[] lastTs = new long[2];
            for (int i = 0; i < rows.size(); i++) {
                for (int s = 0; s < 2; s++) {
                    if (s == 1 && i < rows.size() / 2) {
                        continue;
                    }
                    double price = Double.parseDouble(rows.get(i).price());
                    long millis = rows.get(i).millis();
                    // a tie only where the earlier quote is within the window of this one (not behind the watermark)
                    long ts = i % 5 == 4 && Math.abs(lastTs[s] - millis) <= 2_000 ? lastTs[s]
                            : millis - 2_000 + random.nextInt(4_001);
                    double half = i % 7 == 0 ? 0.5 : 0.01 + random.nextInt(100) / 100.0;
                    double shift = i % 7 == 0 ? 0 : (random.nextInt(201) - 100) / 100.0;
                    out.write("BTCUSD." + s + "," + ts + "," + (price + shift - half) + "," + (price + shift + half)
                            + "," + (1 + random.nextInt(9)) + "," + (1 + random.nextInt(9)) + "\n");
                    lastTs[s] = ts;
                }
            }
        }
        return file;
    }

    private static List<String[]> fields(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    private static List<Trade> trades(Path file) throws IOException {
        List<Trade> trades = new ArrayList<>();
        for (String[] f : fields(file)) {
            trades.add(new Trade(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    trades.size() + 2));
        }
        return trades;
    }

    private static List<Quote> quotes(Path file) throws IOException {
        List<Quote> quotes = new ArrayList<>();
        for (String[] f : fields(file)) {
            quotes.add(new Quote(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    quotes.size() + 2));
        }
        return quotes;
    }

    /**
     * The output file by its definition: each trade (not in {@code late}) with its symbol's quote of
     * the largest time at or before the trade's, of equal times the one later in the file (a plain
     * loop over all quotes); mid, spread and side (the quote rule, "at the mid" within a billionth of
     * it) from it; by time, then symbol, ties in file order.
     */
    private static List<String> expected(List<Trade> trades, List<Quote> quotes, List<Trade> late) {
        List<Trade> sorted = new ArrayList<>(trades);
        sorted.removeAll(late);
        sorted.sort(Comparator.comparingLong(Trade::ts).thenComparing(Trade::symbol));
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (Trade t : sorted) {
            Quote match = null;
            for (Quote q : quotes) {
                if (q.symbol().equals(t.symbol()) && q.ts() <= t.ts() && (match == null || q.ts() >= match.ts())) {
                    match = q;
                }
            }
            String line = t.symbol() + "," + t.ts() + "," + t.price() + "," + t.size() + ",";
            if (match == null) {
                line += ",,,,,";
            } else {
                double mid = (match.bid() + match.ask()) * 0.5;
                // at the mid within a billionth: 100.02 is at the mid of 100.00 / 100.04, whose double is 100.02000000000001
                int side = Math.abs(t.price() - mid) <= 1e-9 * mid ? 0 : t.price() > mid ? 1 : -1;
                line += match.ts() + "," + match.bid() + "," + match.ask() + "," + mid + "," + (match.ask() - match.bid())
                        + "," + side;
            }
            lines.add(line);
        }
        return lines;
    }

    private static CliRun enrich(Path trades, Path quotes, Path dir, String name, String... options) {
        List<String> args = new ArrayList<>(List.of("enrich", "--trades", trades.toString(), "--quotes", quotes.toString(),
                "--output", dir.resolve(name + ".csv").toString(), "--late-output", dir.resolve(name + "-late.csv").toString()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void everyTradeGetsTheQuoteInForceWhateverTheParallelismAndBatchSize(@TempDir Path dir) throws Exception {
        Path tradesFile = tradesFile(dir, 4_000, 4_000);
        Path quotesFile = quotesFile(dir, 4_000);
        List<Trade> trades = trades(tradesFile);
        List<String> expected = expected(trades, quotes(quotesFile), List.of());
        Map<String, Integer> sides = new HashMap<>();
        expected.stream().skip(1).forEach(l -> sides.merge(l.substring(l.lastIndexOf(',') + 1), 1, Integer::sum));
        assertTrue(sides.get("1") > 100 && sides.get("-1") > 100 && sides.get("0") > 100 && sides.get("") > 4_000,
                "buys, sells, trades at the mid and trades without a quote: " + sides);

        for (String[] run : new String[][] {{"p1", "1", "8192"}, {"p3", "3", "8192"}, {"p2-small", "2", "13"}}) {
            CliRun cli = enrich(tradesFile, quotesFile, dir, run[0], "--out-of-orderness", "5s",
                    "--parallelism", run[1], "--batch-size", run[2]);
            assertEquals(0, cli.exitCode(), cli.err());
            assertEquals(expected, Files.readAllLines(dir.resolve(run[0] + ".csv")), "run " + run[0]);
            assertEquals(List.of("symbol,ts,price,size"), Files.readAllLines(dir.resolve(run[0] + "-late.csv")));
            assertTrue(cli.out().contains("| trades        | 12,000 "), cli.out());
            assertTrue(cli.out().contains("| late trades   | 0 "), cli.out());
        }
    }

    /**
     * One trade an hour behind the rest, late in the file: the quotes (a short file, soon at its end)
     * no longer hold the watermark back, so it is behind the watermark of both and goes to the late file.
     * Both files are read at 10,000 rows a second, so the quotes have surely ended (after some
     * milliseconds) when that trade comes (after a quarter of a second): unpaced, the trades could
     * all be read before the quotes' first watermark arrives, and then nothing is late.
     */
    @Test
    void aTradeBehindTheWatermarkGoesToTheLateFile(@TempDir Path dir) throws Exception {
        Path quotesFile = quotesFile(dir, 50);
        Path original = tradesFile(dir, 1_000, 0);
        List<String> lines = new ArrayList<>(Files.readAllLines(original));
        String[] f = lines.get(2_500).split(",");
        lines.set(2_500, f[0] + "," + (Long.parseLong(f[1]) - 3_600_000) + "," + f[2] + "," + f[3]);
        Path tradesFile = Files.write(dir.resolve("with-late.csv"), lines);
        List<Trade> trades = trades(tradesFile);
        Trade late = trades.get(2_499);

        CliRun cli = enrich(tradesFile, quotesFile, dir, "late", "--out-of-orderness", "5s", "--batch-size", "50",
                "--max-rows-per-second", "10000");

        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(expected(trades, quotes(quotesFile), List.of(late)), Files.readAllLines(dir.resolve("late.csv")));
        assertEquals(List.of("symbol,ts,price,size", late.symbol() + "," + late.ts() + "," + late.price() + "," + late.size()),
                Files.readAllLines(dir.resolve("late-late.csv")));
        assertTrue(cli.out().contains("| late trades   | 1 "), cli.out());
    }

    @Test
    void badArgumentsExitWithCode2AndSayWhy(@TempDir Path dir) throws Exception {
        Path trades = Files.writeString(dir.resolve("t.csv"), "symbol,ts,price,size\nX,1,1.0,1.0\n");
        Path quotes = Files.writeString(dir.resolve("q.csv"), "symbol,ts,bid,ask,bid_size,ask_size\nX,1,1.0,1.1,1,1\n");
        String[][] cases = {{"--out-of-orderness", "5x"}, {"--out-of-orderness", "-5s"}, {"--parallelism", "0"},
                {"--parallelism", "129"}, {"--batch-size", "0"}, {"--no-such-option"}};
        for (String[] options : cases) {
            CliRun cli = enrich(trades, quotes, dir, "bad", options);
            assertEquals(2, cli.exitCode(), String.join(" ", options) + ": " + cli.err());
            assertTrue(cli.err().startsWith("error: ") && cli.err().contains("(sabot enrich --help lists the options)"),
                    cli.err());
        }
        CliRun noQuotes = CliRun.of("enrich", "--trades", trades.toString());
        assertEquals(2, noQuotes.exitCode());
        assertTrue(noQuotes.err().contains("Missing required option: '--quotes=<quotes>'"), noQuotes.err());

        CliRun missing = CliRun.of("enrich", "--trades", trades.toString(), "--quotes", dir.resolve("nope.csv").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("error: --quotes " + dir.resolve("nope.csv") + ": no such file"), missing.err());

        CliRun clash = CliRun.of("enrich", "--trades", trades.toString(), "--quotes", quotes.toString(),
                "--output", quotes.toString());
        assertEquals(2, clash.exitCode());
        assertTrue(clash.err().contains("--output and --quotes are the same file"), clash.err());
        assertEquals("symbol,ts,bid,ask,bid_size,ask_size\nX,1,1.0,1.1,1,1\n", Files.readString(quotes), "the input is untouched");
        assertFalse(Files.exists(dir.resolve("bad.csv")), "nothing written");
    }

    @Test
    void aBadQuoteFailsTheJobNamingFileLineAndColumnAndWritesNothing(@TempDir Path dir) throws Exception {
        Path trades = Files.writeString(dir.resolve("t.csv"), "symbol,ts,price,size\nX,5,10.0,1.0\n");
        String[][] cases = {
                {"X,3,0,10.1,1,1", "bid", "value 0.0 is not a finite price > 0"},
                {"X,3,10.0,NaN,1,1", "ask", "value NaN is not a finite price > 0"},
                {"X,-3,10.0,10.1,1,1", "ts", "value -3 is not a timestamp >= 0"},
                {"X,3,10.0,10.1,-1,1", "bid_size", "value -1.0 is not a finite size >= 0"}};
        for (String[] c : cases) {
            String name = "bad-" + c[1];
            Path quotes = Files.writeString(dir.resolve(name + ".csv"),
                    "symbol,ts,bid,ask,bid_size,ask_size\nX,1,10.0,10.1,1,1\n" + c[0] + "\n");
            CliRun cli = enrich(trades, quotes, dir, name + "-out");
            assertEquals(1, cli.exitCode(), cli.out());
            assertTrue(cli.err().contains(quotes + " line 3, column '" + c[1] + "': " + c[2]), cli.err());
            assertFalse(Files.exists(dir.resolve(name + "-out.csv")), "no output after a failure");
        }
    }
}
