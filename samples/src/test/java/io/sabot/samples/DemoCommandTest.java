package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.samples.data.BitstampTrades;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void demoWritesOneFeatureRowPerQuoteAndPrintsTheTopSymbolsAndASummary(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("features.csv");
        Path bars = dir.resolve("bars.csv");
        CliRun run = CliRun.of("demo", "--rows", "50000", "--symbols", "100", "--output", output.toString(),
                "--bars-output", bars.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*\\| rows +\\| 50,000 .*"), run.out());
        assertTrue(run.out().matches("(?s).*\\| symbols +\\| 100 .*"), run.out());
        // what bounds the run: each stage's rate while busy, the CSV output's apart from the features'
        assertTrue(run.out().matches("(?s).*\\| features rows/s +\\| [0-9,]+ \\(2 subtasks\\) .*"), run.out());
        assertTrue(run.out().matches("(?s).*\\| output rows/s +\\| [0-9,]+ \\(CSV\\) .*"), run.out());
        List<String> lines = Files.readAllLines(output);
        assertEquals("symbol,ts,bid,ask,bid_size,ask_size,mid,microprice,spread,imbalance,ofi,mid_log_return,mid_ewma,"
                + "mid_ewvar,mid_rolling_mean,mid_rolling_std,mid_zscore", lines.get(0));
        assertTrue(run.out().contains("Top symbols by order-flow imbalance"), run.out());
        assertTrue(run.out().contains("Top symbols by volatility"), run.out());
        assertEquals(50_001, lines.size());

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of(output, bars), files.collect(Collectors.toSet()), "the outputs and nothing else");
        }

        // The demo's bars are those `sabot bars` makes of the same trades (one symbol: firing order is window order).
        assertTrue(run.out().matches("(?s).*\\| 1-minute bars +\\| 9,399 .*"), run.out());
        Path trades = dir.resolve("trades.csv");
        try (Writer out = Files.newBufferedWriter(trades, StandardCharsets.UTF_8)) {
            BitstampTrades.writeTrades(out, 1, Integer.MAX_VALUE, 0, 1);
        }
        CliRun reference = CliRun.of("bars", "--input", trades.toString(), "--window", "1m", "--out-of-orderness", "5s",
                "--output", dir.resolve("reference-bars.csv").toString());
        assertEquals(0, reference.exitCode(), reference.err());
        assertEquals(Files.readAllLines(dir.resolve("reference-bars.csv")), Files.readAllLines(bars));
    }

    @Test
    void badArgumentsExitWithCode2AndAMessage() {
        CliRun run = CliRun.of("demo", "--alpha", "1.5");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--alpha must be in (0, 1]"), run.err());
        assertEquals(2, CliRun.of("demo", "--no-such-option").exitCode());
    }

    @Test
    void helpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("demo"), run.out());
    }
}
