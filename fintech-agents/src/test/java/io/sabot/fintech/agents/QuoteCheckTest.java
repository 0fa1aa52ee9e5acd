package io.sabot.fintech.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.schema.MarketData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quote check on a file of generated quotes with every kind of bad row mixed in (values that
 * break a rule, values that do not parse, rows a field short), under each policy: the rows it
 * keeps and the dead letters it writes against what this test knows it wrote.
 */
class QuoteCheckTest {

    public record Quote(String symbol, long ts, double bid, double ask, double bid_size, double ask_size) {}

    public record DeadLetter(long line, String reason, String symbol, Long ts, Double bid, Double ask, Double bid_size,
                             Double ask_size, String raw) {}

    /** The file, the quotes a check must keep and the dead letters it must write, in order. */
    private record Generated(Path file, List<Quote> kept, List<DeadLetter> rejected) {}

    /** {@code rows} quotes, about one in five bad in one of eleven ways; each row's fate decided as it is written. */
    private static Generated generate(Path dir, int rows, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("symbol,ts,bid,ask,bid_size,ask_size\n");
        List<Quote> kept = new ArrayList<>();
        List<DeadLetter> rejected = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            long line = i + 2;
            String symbol = "S" + random.nextInt(5);
            long ts = 10L * i;
            double bid = 100 + random.nextInt(1000) / 100.0;
            double ask = bid + random.nextInt(4) / 100.0; // a locked quote (bid = ask) is fine
            double bidSize = random.nextInt(5) * 100;     // so is a size of 0
            double askSize = random.nextInt(5) * 100;
            String[] f = {symbol, Long.toString(ts), Double.toString(bid), Double.toString(ask), Double.toString(bidSize),
                    Double.toString(askSize)};
            String reason = null;
            boolean unreadable = false;
            switch (random.nextInt(55)) {
                case 0 -> { f[2] = "0.0"; reason = "column 'bid': value 0.0 is not a finite price > 0"; }
                case 1 -> { f[3] = "-1.5"; reason = "column 'ask': value -1.5 is not a finite price > 0"; }
                case 2 -> { f[2] = "NaN"; reason = "column 'bid': value NaN is not a finite price > 0"; }
                case 3 -> { f[5] = "Infinity"; reason = "column 'ask_size': value Infinity is not a finite size >= 0"; }
                case 4 -> { f[4] = "-3"; reason = "column 'bid_size': value -3.0 is not a finite size >= 0"; }
                case 5 -> { f[1] = "-5"; reason = "column 'ts': value -5 is not a timestamp >= 0"; }
                case 6 -> { f[0] = ""; reason = "column 'symbol': is empty; expected a symbol"; }
                case 7 -> {
                    f[2] = Double.toString(ask + 0.01);
                    reason = "bid " + (ask + 0.01) + " is above ask " + ask + " (a crossed quote)";
                }
                case 8 -> { f[2] = "abc"; reason = "column 'bid': 'abc' is not a number"; unreadable = true; }
                case 9 -> { f[5] = null; reason = "expected 6 fields (as in the header), found 5"; unreadable = true; }
                case 10 -> { f[1] = "1.5"; reason = "column 'ts': '1.5' is not an integer"; unreadable = true; }
                default -> { }
            }
            String text = String.join(",", Arrays.stream(f).filter(Objects::nonNull).toList());
            csv.append(text).append('\n');
            if (reason == null) {
                kept.add(new Quote(symbol, ts, bid, ask, bidSize, askSize));
            } else if (unreadable) {
                rejected.add(new DeadLetter(line, reason, null, null, null, null, null, null, text));
            } else {
                rejected.add(new DeadLetter(line, reason, f[0].isEmpty() ? null : f[0], Long.parseLong(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]), null));
            }
        }
        Path file = dir.resolve("quotes-" + seed + ".csv");
        Files.writeString(file, csv);
        return new Generated(file, kept, rejected);
    }

    private record Run(JobResult result, List<Quote> kept, List<DeadLetter> deadLetters) {}

    /** Source keeping unreadable rows → check → sinks, as {@code sabot kernels} wires them. */
    private static Run check(Path file, BadRows policy, int batchSize) throws Exception {
        CsvSource source = CsvSource.of(file, MarketData.QUOTES).withLineNumbers("__line")
                .withUnreadableRows("__problem", "__text").withBatchSize(batchSize);
        CollectSink<Quote> kept = CollectSink.of(Quote.class);
        CollectSink<DeadLetter> dead = CollectSink.of(DeadLetter.class);
        JobBuilder job = JobBuilder.named("quote-check");
        DataStream checked = job.source("quotes", source)
                .process("check", () -> new QuoteCheck(file.toString(), "__line", "__problem", "__text", policy), 1);
        checked.sinkTo("kept", kept);
        if (policy == BadRows.DEAD_LETTER) {
            checked.getSideOutput(QuoteCheck.deadLetters(MarketData.QUOTES)).sinkTo("dead", dead);
        }
        try (SabotNode node = SabotNode.start()) {
            JobResult result = node.run(job.build());
            return new Run(result, kept.records(), dead.records());
        }
    }

    @Test
    void deadLettersHoldEveryBadRowWithLineReasonAndTheTextOfThoseThatCouldNotBeRead(@TempDir Path dir) throws Exception {
        Generated generated = generate(dir, 3_000, 11);
        assertTrue(generated.rejected().size() > 300, "bad rows of every kind: " + generated.rejected().size());
        for (int batchSize : new int[] {7, 8192}) {
            Run run = check(generated.file(), BadRows.DEAD_LETTER, batchSize);
            assertTrue(run.result().succeeded(), run.result().error());
            assertEquals(generated.kept(), run.kept(), "kept rows, in order, batches of " + batchSize);
            assertEquals(generated.rejected(), run.deadLetters(), "dead letters, in order, batches of " + batchSize);
        }
    }

    @Test
    void skippedRowsAreGoneAndTheRestKeepTheirOrder(@TempDir Path dir) throws Exception {
        Generated generated = generate(dir, 3_000, 12);
        Run run = check(generated.file(), BadRows.SKIP, 64);
        assertTrue(run.result().succeeded(), run.result().error());
        assertEquals(generated.kept(), run.kept());
        assertEquals(List.of(), run.deadLetters());
    }

    /** Also when an unreadable row follows a bad one in the same batch: the first in the file is named, as the source names it. */
    @Test
    void theFailPolicyFailsOnTheFirstBadRowNamingFileLineAndColumn(@TempDir Path dir) throws Exception {
        for (long seed = 20; seed < 26; seed++) {
            Generated generated = generate(dir, 200, seed);
            DeadLetter first = generated.rejected().get(0);
            Run run = check(generated.file(), BadRows.FAIL, 64);
            assertFalse(run.result().succeeded(), "seed " + seed);
            String where = generated.file() + " line " + first.line() + (first.reason().startsWith("column") ? ", " : ": ");
            assertTrue(run.result().error().contains(where + first.reason()), where + first.reason() + " in " + run.result().error());
        }
    }
}
