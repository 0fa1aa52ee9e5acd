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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sabot bars} on real Bitstamp trades (from ta4j-examples), made keyed and out of order,
 * against bars computed here from the definition, one trade at a time; and its errors.
 */
class BarsCommandTest {

    private record Trade(String symbol, long ts, double price, double size) {}

    private static Path tradesFile(Path dir, int symbols, int limit, long disorderMillis) throws IOException {
        Path file = dir.resolve("trades-" + symbols + "-" + limit + "-" + disorderMillis + ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            BitstampTrades.writeTrades(out, symbols, limit, disorderMillis, 42);
        }
        return file;
    }

    private static List<Trade> read(Path file) throws IOException {
        List<Trade> trades = new ArrayList<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            String[] f = line.split(",");
            trades.add(new Trade(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
        }
        return trades;
    }

    /** The expected bars and late trades, as the lines of the two files. */
    private record Expected(List<String> bars, List<String> late) {}

    /**
     * Bars by their definition, one trade at a time: the watermark before a trade is the largest
     * earlier timestamp minus the out-of-orderness minus 1; a bar is emitted when the watermark
     * passes its end, again for each late trade within the allowed lateness, and forgotten after
     * that; a trade whose bar is forgotten is late.
     */
    private static Expected expected(List<Trade> trades, long window, long outOfOrderness, long lateness) {
        Map<String, List<Trade>> open = new LinkedHashMap<>(); // "symbol@start" -> its trades in arrival order
        Map<String, Boolean> hasFired = new LinkedHashMap<>();
        List<String[]> barRows = new ArrayList<>();
        List<Trade> late = new ArrayList<>();
        long maxTs = Long.MIN_VALUE;
        for (Trade t : trades) {
            long watermark = maxTs == Long.MIN_VALUE ? Long.MIN_VALUE : maxTs - outOfOrderness - 1;
            advance(open, hasFired, barRows, watermark, window, lateness);
            long start = Math.floorDiv(t.ts(), window) * window;
            if (start + window - 1 + lateness <= watermark) {
                late.add(t);
            } else {
                String key = t.symbol() + "@" + start;
                open.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                if (start + window - 1 <= watermark) {
                    barRows.add(bar(t.symbol(), start, window, open.get(key)));
                    hasFired.put(key, true);
                }
            }
            maxTs = Math.max(maxTs, t.ts());
        }
        advance(open, hasFired, barRows, Long.MAX_VALUE, window, lateness);
        barRows.sort(Comparator.comparingLong((String[] r) -> Long.parseLong(r[1])).thenComparing(r -> r[0]));
        List<String> bars = new ArrayList<>(List.of("symbol,window_start,window_end,open,high,low,close,volume,vwap,count"));
        barRows.forEach(r -> bars.add(String.join(",", r)));
        late.sort(Comparator.comparingLong(Trade::ts).thenComparing(Trade::symbol));
        List<String> lateLines = new ArrayList<>(List.of("symbol,ts,price,size"));
        late.forEach(t -> lateLines.add(t.symbol() + "," + t.ts() + "," + t.price() + "," + t.size()));
        return new Expected(bars, lateLines);
    }

    private static void advance(Map<String, List<Trade>> open, Map<String, Boolean> hasFired, List<String[]> rows,
                                long watermark, long window, long lateness) {
        var it = open.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            String symbol = entry.getKey().substring(0, entry.getKey().indexOf('@'));
            long start = Long.parseLong(entry.getKey().substring(entry.getKey().indexOf('@') + 1));
            if (!hasFired.getOrDefault(entry.getKey(), false) && start + window - 1 <= watermark) {
                rows.add(bar(symbol, start, window, entry.getValue()));
                hasFired.put(entry.getKey(), true);
            }
            if (start + window - 1 + lateness <= watermark) {
                it.remove();
                hasFired.remove(entry.getKey());
            }
        }
    }

    /** open/close: the price at the smallest/largest timestamp, first/last to arrive among equals. */
    private static String[] bar(String symbol, long start, long window, List<Trade> trades) {
        Trade first = trades.get(0);
        Trade last = trades.get(0);
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double volume = 0;
        double notional = 0;
        for (Trade t : trades) {
            if (t.ts() < first.ts()) {
                first = t;
            }
            if (t.ts() >= last.ts()) {
                last = t;
            }
            high = Math.max(high, t.price());
            low = Math.min(low, t.price());
            volume += t.size();
            notional += t.price() * t.size();
        }
        double vwap = volume == 0 ? Double.NaN : notional / volume;
        return new String[] {symbol, Long.toString(start), Long.toString(start + window), Double.toString(first.price()),
                Double.toString(high), Double.toString(low), Double.toString(last.price()), Double.toString(volume),
                Double.toString(vwap), Integer.toString(trades.size())};
    }

    private static CliRun bars(Path trades, Path dir, String name, String... options) {
        List<String> args = new ArrayList<>(List.of("bars", "--input", trades.toString(),
                "--output", dir.resolve(name + "-bars.csv").toString(),
                "--late-output", dir.resolve(name + "-late.csv").toString()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void barsOfRealTradesMatchTheirDefinitionWhateverTheParallelismAndBatchSize(@TempDir Path dir) throws Exception {
        Path trades = tradesFile(dir, 3, 20_000, 8_000);
        Expected expected = expected(read(trades), 60_000, 5_000, 0);
        assertTrue(expected.late().size() > 100, "the disorder makes trades late: " + expected.late().size());

        for (String[] run : new String[][] {{"p1", "1", "8192"}, {"p3", "3", "8192"}, {"p2-small", "2", "7"}}) {
            CliRun cli = bars(trades, dir, run[0], "--window", "60s", "--out-of-orderness", "5s",
                    "--allowed-lateness", "0s", "--parallelism", run[1], "--batch-size", run[2]);
            assertEquals(0, cli.exitCode(), cli.err());
            assertEquals(expected.bars(), Files.readAllLines(dir.resolve(run[0] + "-bars.csv")), "bars of run " + run[0]);
            assertEquals(expected.late(), Files.readAllLines(dir.resolve(run[0] + "-late.csv")), "late trades of run " + run[0]);
        }
    }

    @Test
    void lateTradesWithinTheAllowedLatenessUpdateTheirBar(@TempDir Path dir) throws Exception {
        Path trades = tradesFile(dir, 2, 20_000, 20_000);
        Expected expected = expected(read(trades), 60_000, 5_000, 10_000);
        long windows = expected.bars().stream().skip(1).map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).distinct().count();
        assertTrue(expected.bars().size() - 1 > windows, "some bars fire again");

        CliRun cli = bars(trades, dir, "lateness", "--window", "1m", "--out-of-orderness", "5000ms",
                "--allowed-lateness", "10s", "--parallelism", "2");

        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(expected.bars(), Files.readAllLines(dir.resolve("lateness-bars.csv")));
        assertEquals(expected.late(), Files.readAllLines(dir.resolve("lateness-late.csv")));
    }

    @Test
    void allHundredThousandTradesInOrderMakeOneBarPerMinute(@TempDir Path dir) throws Exception {
        Path trades = tradesFile(dir, 1, 100_000, 0);
        Expected expected = expected(read(trades), 60_000, 0, 0);

        CliRun cli = bars(trades, dir, "all", "--window", "60s");

        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("| trades      | 100,000"), cli.out());
        assertEquals(expected.bars(), Files.readAllLines(dir.resolve("all-bars.csv")));
        assertEquals(List.of("symbol,ts,price,size"), Files.readAllLines(dir.resolve("all-late.csv")));
    }

    @Test
    void zeroSizeTradesGiveANaNVwap(@TempDir Path dir) throws Exception {
        Path trades = dir.resolve("zero.csv");
        Files.writeString(trades, "symbol,ts,price,size\nX,1000,10.0,0\nX,2000,11.0,0.0\nX,61000,12.0,2\n");

        CliRun cli = bars(trades, dir, "zero", "--window", "1m");

        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(List.of("symbol,window_start,window_end,open,high,low,close,volume,vwap,count",
                        "X,0,60000,10.0,11.0,10.0,11.0,0.0,NaN,2",
                        "X,60000,120000,12.0,12.0,12.0,12.0,2.0,12.0,1"),
                Files.readAllLines(dir.resolve("zero-bars.csv")));
    }

    @Test
    void badArgumentsExitWithCode2AndSayWhy(@TempDir Path dir) throws Exception {
        Path trades = dir.resolve("t.csv");
        Files.writeString(trades, "symbol,ts,price,size\nX,1,1.0,1.0\n");
        String[][] cases = {
                {"--window", "60x"}, {"--window", "0s"}, {"--out-of-orderness", "-5s"}, {"--allowed-lateness", "s"},
                {"--parallelism", "0"}, {"--no-such-option"}};
        for (String[] options : cases) {
            CliRun cli = bars(trades, dir, "bad", options);
            assertEquals(2, cli.exitCode(), String.join(" ", options) + ": " + cli.err());
            assertFalse(cli.err().isBlank(), "a message for " + String.join(" ", options));
        }
        CliRun unit = bars(trades, dir, "bad", "--window", "60x");
        assertTrue(unit.err().contains("'60x' is not a duration"), unit.err());
        CliRun missing = CliRun.of("bars", "--input", dir.resolve("nope.csv").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void aBadTradeFailsTheJobNamingFileLineAndColumnAndWritesNothing(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"X,3,NaN,1.0", "price", "value NaN is not a finite price > 0"},
                {"X,3,0,1.0", "price", "value 0.0 is not a finite price > 0"},
                {"X,3,10.0,-1", "size", "value -1.0 is not a finite size >= 0"},
                {"X,3,10.0,Infinity", "size", "value Infinity is not a finite size >= 0"},
                {"X,-3,10.0,1", "ts", "value -3 is not a timestamp >= 0"},
                {"X,,10.0,1", "ts", "is empty"},
                {",3,10.0,1", "symbol", "is empty"},
                {"X,3,abc,1", "price", "'abc' is not a number"}};
        for (String[] c : cases) {
            String name = "bad-" + c[1] + "-" + Math.abs(c[0].hashCode());
            Path trades = dir.resolve(name + ".csv");
            Files.writeString(trades, "symbol,ts,price,size\nX,1,10.0,1.0\nX,2,10.5,2.0\n" + c[0] + "\n");
            CliRun cli = bars(trades, dir, name);
            assertEquals(1, cli.exitCode(), cli.out());
            assertTrue(cli.err().contains(trades + " line 4, column '" + c[1] + "': " + c[2]), cli.err());
            assertFalse(Files.exists(dir.resolve(name + "-bars.csv")), "no bars file after a failure");
        }
    }

    /**
     * 2,000 trades a second apart, one of X every 1 s, and after the first {@code before} of them
     * one trade 5 hours ahead: every trade after it is behind the watermark it set, so late.
     */
    private static Path withOneTradeFromTheFuture(Path dir, int before) throws IOException {
        StringBuilder csv = new StringBuilder("symbol,ts,price,size\n");
        for (int i = 0; i < 2_000; i++) {
            if (i == before) {
                csv.append("FUT,").append(5 * 3_600_000L).append(",10.0,1.0\n");
            }
            csv.append(i % 2 == 0 ? "X" : "Y").append(',').append(i * 1_000L).append(",10.0,1.0\n");
        }
        Path file = dir.resolve("future-" + before + ".csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void manyLateTradesWarnWithTheFirstOfThemAndNameLateOutput(@TempDir Path dir) throws Exception {
        Path trades = withOneTradeFromTheFuture(dir, 495);

        CliRun dropped = CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b1.csv").toString());

        assertEquals(0, dropped.exitCode(), dropped.err());
        // after the 495th trade, 1,505 trades from ts 495000 (Y, odd index) on are late, of 2,001
        assertTrue(dropped.err().contains("warning: 1,505 of 2,001 trades (75.2%) came too late for any bar and were"
                + " dropped; the first: symbol Y, ts 495000 (1970-01-01T00:08:15Z)" + System.lineSeparator()), dropped.err());
        assertTrue(dropped.err().contains("--late-output FILE keeps late trades") && dropped.err().contains("--out-of-orderness")
                && dropped.err().contains("--late-warning-share 0.01"), dropped.err());

        Path late = dir.resolve("late.csv");
        CliRun written = CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b2.csv").toString(),
                "--late-output", late.toString());
        assertEquals(0, written.exitCode(), written.err());
        assertTrue(written.err().contains("1,505 of 2,001 trades (75.2%) came too late for any bar and were written to "
                + late + "; the first: symbol Y"), written.err());
        assertEquals(1_506, Files.readAllLines(late).size(), "the header and the 1,505 late trades");

        CliRun tolerated = CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b3.csv").toString(),
                "--late-warning-share", "0.76");
        assertEquals(0, tolerated.exitCode(), tolerated.err());
        assertFalse(tolerated.err().contains("warning"), "75.2% is not above 76%: " + tolerated.err());
    }

    @Test
    void aFewLateTradesWarnOnlyAboveTheShareAsked(@TempDir Path dir) throws Exception {
        Path trades = withOneTradeFromTheFuture(dir, 1_990); // 10 of 2,001 late: 0.5%

        CliRun quiet = CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b1.csv").toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertFalse(quiet.err().contains("warning"), quiet.err());
        assertTrue(quiet.out().contains("| late trades | 10 "), quiet.out());

        CliRun strict = CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b2.csv").toString(),
                "--late-warning-share", "0");
        assertEquals(0, strict.exitCode(), strict.err());
        assertTrue(strict.err().contains("warning: 10 of 2,001 trades (0.5%) came too late for any bar and were dropped;"
                + " the first: symbol X, ts 1990000 (1970-01-01T00:33:10Z)"), strict.err());

        for (String share : new String[] {"-0.1", "1.5", "NaN", "much"}) {
            CliRun bad = CliRun.of("bars", "--input", trades.toString(), "--late-warning-share", share);
            assertEquals(2, bad.exitCode(), share + ": " + bad.err());
            assertTrue(bad.err().contains("--late-warning-share"), bad.err());
        }
    }
}
