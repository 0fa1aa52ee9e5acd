package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sabot kernels} from the packaged jar, checked on its contract: the input columns then the
 * features, one row per input row in input order, every value equal to an independent computation
 * in this test; bad rows under each policy; bad arguments.
 */
class KernelsCommandIT {

    private static final String HEADER = "symbol,ts,bid,ask,bid_size,ask_size";
    private static final String FEATURES = ",mid,microprice,spread,imbalance,ofi,mid_log_return,mid_ewma,mid_ewvar,"
            + "mid_rolling_mean,mid_rolling_std,mid_zscore";

    @Test
    void featuresOfEveryRowInInputOrderEqualAnIndependentComputation(@TempDir Path dir) throws Exception {
        List<double[]> quotes = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        SplittableRandom random = new SplittableRandom(3);
        Map<String, Double> bids = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String symbol = "S" + random.nextInt(40);
            double bid = Math.max(0.01, Math.round(100 * bids.getOrDefault(symbol, 50.0) + random.nextInt(3) - 1) / 100.0);
            bids.put(symbol, bid);
            double ask = Math.round(100 * bid + 1 + random.nextInt(2)) / 100.0;
            double[] q = {i, bid, ask, random.nextInt(4) * 100, random.nextInt(4) * 100}; // sizes of 0 included
            quotes.add(q);
            symbols.add(symbol);
            csv.append(symbol).append(',').append((long) q[0]).append(',').append(q[1]).append(',').append(q[2])
                    .append(',').append((long) q[3]).append(',').append((long) q[4]).append('\n');
        }
        Files.writeString(dir.resolve("quotes.csv"), csv);

        JarProcess.Run run = JarProcess.java(dir, "kernels", "--input", "quotes.csv", "--output", "features.csv",
                "--alpha", "0.06", "--window", "20");
        assertEquals(0, run.exitCode(), run.output());

        List<String> lines = Files.readAllLines(dir.resolve("features.csv"));
        assertEquals(HEADER + FEATURES, lines.get(0));
        assertEquals(quotes.size() + 1, lines.size());
        List<Double[]> expected = expected(symbols, quotes, 0.06, 20);
        for (int i = 0; i < quotes.size(); i++) {
            String[] fields = lines.get(i + 1).split(",", -1);
            assertEquals(17, fields.length, lines.get(i + 1));
            assertEquals(symbols.get(i), fields[0], "row " + i + " in input order");
            assertEquals((long) quotes.get(i)[0], Long.parseLong(fields[1]), "row " + i + " in input order");
            Double[] want = expected.get(i);
            for (int c = 0; c < want.length; c++) {
                String got = fields[6 + c];
                String where = "row " + i + ", column " + (FEATURES.split(",")[c + 1]) + ": expected " + want[c] + ", got '" + got + "'";
                if (want[c] == null) {
                    assertEquals("", got, where);
                } else if (got.isEmpty() || Math.abs(Double.parseDouble(got) - want[c]) > 1e-9 * Math.max(1, Math.abs(want[c]))) {
                    fail(where);
                }
            }
        }
    }

    /** The eleven features of every row, straight from their definitions (null: an empty field). */
    private static List<Double[]> expected(List<String> symbols, List<double[]> quotes, double alpha, int window) {
        Map<String, double[]> previous = new HashMap<>();       // bid, ask, bid size, ask size, mid
        Map<String, double[]> smoothed = new HashMap<>();       // ewma, ewvar (NaN: none yet)
        Map<String, Deque<Double>> windows = new HashMap<>();
        List<Double[]> out = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            String s = symbols.get(i);
            double[] q = quotes.get(i);
            double b = q[1], a = q[2], qb = q[3], qa = q[4];
            double mid = (b + a) / 2;
            double micro = qb + qa == 0 ? mid : (b * qa + a * qb) / (qb + qa);
            Double imbalance = qb + qa == 0 ? null : (qb - qa) / (qb + qa);
            double[] p = previous.put(s, new double[] {b, a, qb, qa, mid});
            double ofi = 0;
            Double logReturn = null;
            if (p != null) {
                ofi = (b >= p[0] ? qb : 0) - (b <= p[0] ? p[2] : 0) - (a <= p[1] ? qa : 0) + (a >= p[1] ? p[3] : 0);
                logReturn = Math.log(mid / p[4]);
            }
            double[] sm = smoothed.computeIfAbsent(s, k -> new double[] {Double.NaN, Double.NaN});
            sm[0] = Double.isNaN(sm[0]) ? mid : alpha * mid + (1 - alpha) * sm[0];
            if (logReturn != null) {
                double r2 = logReturn * logReturn;
                sm[1] = Double.isNaN(sm[1]) ? r2 : (1 - alpha) * sm[1] + alpha * r2;
            }
            Deque<Double> w = windows.computeIfAbsent(s, k -> new ArrayDeque<>());
            w.addLast(mid);
            if (w.size() > window) {
                w.removeFirst();
            }
            double mean = w.stream().mapToDouble(Double::doubleValue).sum() / w.size();
            Double std = null;
            if (w.size() >= 2) {
                std = Math.sqrt(w.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (w.size() - 1));
                if (std < 1e-9 * mean) {
                    std = 0.0; // equal mids (sabot reports rounding noise below 1e-9 of the mean as 0)
                }
            }
            Double z = std == null || std == 0 ? null : (mid - mean) / std;
            out.add(new Double[] {mid, micro, a - b, imbalance, ofi, logReturn, sm[0],
                    Double.isNaN(sm[1]) ? null : sm[1], mean, std, z});
        }
        return out;
    }

    private static final String BAD = HEADER + "\n"
            + "AAPL,1,100.0,100.02,300,100\n"
            + "AAPL,2,NaN,100.02,300,100\n"      // line 3
            + "AAPL,3,100.05,100.02,300,100\n"   // line 4: crossed
            + "AAPL,4,100.0,100.02,-5,100\n"     // line 5: negative size
            + "AAPL,5,,100.02,5,100\n"           // line 6: missing bid
            + "AAPL,6,0,0,5,5\n"                 // line 7: bid = ask = 0
            + "AAPL,-7,100.0,100.02,5,5\n"       // line 8: negative time
            + "AAPL,8,abc,100.02,5,5\n"          // line 9: not a number
            + "AAPL,9,100.0,100.02,5\n"          // line 10: a field short
            + "AAPL,10,100.01,100.03,200,200\n"
            + "\"AAPL,11,100.0,100.02,5,5\n";     // line 12: a quote never closed

    @Test
    void badRowsFailTheJobByDefaultNamingFileLineAndColumn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quotes.csv"), BAD);
        JarProcess.Run run = JarProcess.java(dir, "kernels", "--input", "quotes.csv", "--output", "features.csv");
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("quotes.csv line 3, column 'bid': value NaN is not a finite price > 0"), run.output());
        assertFalse(Files.exists(dir.resolve("features.csv")), "a failed job leaves no output");

        // a row that does not parse, after one that breaks a rule in the same batch: the first is named
        Files.writeString(dir.resolve("parse.csv"), HEADER + "\nAAPL,1,100.0,100.02,300,100\nAAPL,2,100.0,100.02,1,1\n"
                + "AAPL,3,0,100.02,1,1\nAAPL,4,abc,100.02,1,1\n");
        JarProcess.Run zero = JarProcess.java(dir, "kernels", "--input", "parse.csv", "--output", "features.csv");
        assertEquals(1, zero.exitCode(), zero.output());
        assertTrue(zero.output().contains("parse.csv line 4, column 'bid': value 0.0 is not a finite price > 0"), zero.output());
        Files.writeString(dir.resolve("parse.csv"), HEADER + "\nAAPL,1,100.0,100.02,300,100\nAAPL,2,abc,100.02,1,1\n");
        JarProcess.Run abc = JarProcess.java(dir, "kernels", "--input", "parse.csv", "--output", "features.csv");
        assertEquals(1, abc.exitCode(), abc.output());
        assertTrue(abc.output().contains("parse.csv line 3, column 'bid': 'abc' is not a number"), abc.output());
        assertFalse(Files.exists(dir.resolve("features.csv")), "a failed job leaves no output");
    }

    @Test
    void skippedRowsAreDroppedAndUpdateNoStateDeadLettersKeepThemWithLineAndReason(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quotes.csv"), BAD);
        JarProcess.Run skip = JarProcess.java(dir, "kernels", "--input", "quotes.csv", "--output", "skip.csv",
                "--bad-rows", "skip");
        assertEquals(0, skip.exitCode(), skip.output());
        List<String> kept = Files.readAllLines(dir.resolve("skip.csv"));
        assertEquals(3, kept.size());
        assertTrue(kept.get(1).startsWith("AAPL,1,"), kept.get(1));
        // the second kept quote's OFI and log return are against the first: the bad rows in between changed nothing
        assertTrue(kept.get(2).startsWith("AAPL,10,100.01,100.03,200.0,200.0,100.02000000000001,100.02,"
                + "0.01999999999999602,0.0,300.0,"), kept.get(2));
        String[] second = kept.get(2).split(",", -1);
        double firstMid = (100.0 + 100.02) / 2;
        double secondMid = (100.01 + 100.03) / 2;
        assertEquals(Math.log(secondMid / firstMid), Double.parseDouble(second[11]), 1e-12, "mid_log_return");
        assertEquals(0.06 * secondMid + 0.94 * firstMid, Double.parseDouble(second[12]), 1e-9, "mid_ewma");
        assertEquals((firstMid + secondMid) / 2, Double.parseDouble(second[14]), 1e-9, "mid_rolling_mean: no quote of 0");

        JarProcess.Run deadLetter = JarProcess.java(dir, "kernels", "--input", "quotes.csv", "--output", "dl.csv",
                "--bad-rows", "dead-letter", "rejected.csv");
        assertEquals(0, deadLetter.exitCode(), deadLetter.output());
        assertTrue(deadLetter.output().contains("11 in, 2 out, 9 rejected"), deadLetter.output());
        assertEquals(kept, Files.readAllLines(dir.resolve("dl.csv")));
        assertEquals(String.join("\n",
                "line,reason," + HEADER + ",raw",
                "3,column 'bid': value NaN is not a finite price > 0,AAPL,2,NaN,100.02,300.0,100.0,",
                "4,bid 100.05 is above ask 100.02 (a crossed quote),AAPL,3,100.05,100.02,300.0,100.0,",
                "5,column 'bid_size': value -5.0 is not a finite size >= 0,AAPL,4,100.0,100.02,-5.0,100.0,",
                "6,column 'bid': is empty; expected a finite price > 0,AAPL,5,,100.02,5.0,100.0,",
                "7,column 'bid': value 0.0 is not a finite price > 0,AAPL,6,0.0,0.0,5.0,5.0,",
                "8,column 'ts': value -7 is not a timestamp >= 0,AAPL,-7,100.0,100.02,5.0,5.0,",
                "9,column 'bid': 'abc' is not a number,,,,,,,\"AAPL,8,abc,100.02,5,5\"",
                "10,\"expected 6 fields (as in the header), found 5\",,,,,,,\"AAPL,9,100.0,100.02,5\"",
                "12,a quoted field opened on line 12 is never closed,,,,,,,\"\"\"AAPL,11,100.0,100.02,5,5\n\"",
                ""), Files.readString(dir.resolve("rejected.csv")));
    }

    @Test
    void badArgumentsExitWith2AndSayWhy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quotes.csv"), BAD);
        String[][] cases = {
                {"--input", "missing.csv", "--output", "f.csv"}, {"missing.csv: no such file"},
                {"--input", "quotes.csv", "--output", "f.csv", "--alpha", "0"}, {"--alpha must be in (0, 1]"},
                {"--input", "quotes.csv", "--output", "f.csv", "--window", "0"}, {"--window must be at least 1"},
                {"--input", "quotes.csv", "--output", "f.csv", "--bad-rows", "dead-letter"}, {"--bad-rows must be"},
                {"--input", "quotes.csv", "--output", "f.csv", "--features", "mid,vol"}, {"unknown feature 'vol'"},
                {"--output", "f.csv"}, {"give the input: --input FILE or --input-topic TOPIC"},
                {"--input-topic", "quotes", "--output", "f.csv"}, {"--input-topic and --output-topic need --kafka-bootstrap"},
                {"--input", "quotes.csv"}, {"give an output: --output FILE and/or --output-topic TOPIC"},
                {"--kafka-bootstrap", "h:1", "--input-topic", "q", "--output-topic", "f"},
                {"an unbounded input needs --checkpoint-interval (or use --bounded)"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            List<String> args = new ArrayList<>(List.of("kernels"));
            args.addAll(List.of(cases[i]));
            JarProcess.Run run = JarProcess.java(dir, args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.output());
            assertTrue(run.output().contains(cases[i + 1][0]), run.output());
        }
    }
}
