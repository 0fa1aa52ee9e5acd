package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake on the command line gets one {@code error:} line that names what is wrong (exit
 * code 2 for a bad argument, 1 for a failed job), never a stack trace or a page of usage.
 */
class CommandLineErrorsTest {

    /** The lines of standard error that start with "error:", after checking that there is exactly one. */
    private static String errorLine(CliRun run) {
        List<String> errors = run.err().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), "one error line: " + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Usage:"), "no stack trace or usage: " + run.err());
        return errors.get(0);
    }

    private static Path trades(Path dir) throws IOException {
        return Files.writeString(dir.resolve("trades.csv"), "symbol,ts,price,size\nX,1,10.0,1.0\nX,61000,11.0,2.0\n");
    }

    @Test
    void durationsLongerThanAYearAreBadArgumentsNamingTheOption(@TempDir Path dir) throws Exception {
        Path trades = trades(dir);
        String[][] cases = {
                {"bars", "--input", trades.toString(), "--window", "9999999999999h"},
                {"bars", "--input", trades.toString(), "--window", "999999999999h"},
                {"bars", "--input", trades.toString(), "--out-of-orderness", "99999999999999999999999ms"},
                {"bars", "--input", trades.toString(), "--allowed-lateness", "8761h"},
                {"bitstamp", "--output", dir.resolve("t.csv").toString(), "--disorder", "999999999999h"},
                {"demo", "--checkpoint-interval", "31536000001ms"}};
        for (String[] args : cases) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
            String option = args[args.length - 2];
            assertTrue(errorLine(run).contains("'" + option + "'") && run.err().contains("at most 365 days"), run.err());
        }
        assertFalse(Files.exists(dir.resolve("t.csv")), "nothing written");

        CliRun year = CliRun.of("bars", "--input", trades.toString(), "--window", "8760h",
                "--output", dir.resolve("bars.csv").toString());
        assertEquals(0, year.exitCode(), year.err());
        assertEquals("X,0,31536000000,10.0,11.0,10.0,11.0,3.0,10.666666666666666,2",
                Files.readAllLines(dir.resolve("bars.csv")).get(1), "a window of 365 days ends 365 days after its start");
    }

    @Test
    void aPartialRestartStrategyNeedsACheckpointDirectoryAndAnUnknownStrategyIsNamed(@TempDir Path dir) throws Exception {
        Path trades = trades(dir);
        CliRun partial = CliRun.of("bars", "--input", trades.toString(), "--supervision", "rest-for-one");
        assertEquals(2, partial.exitCode(), partial.err());
        assertTrue(errorLine(partial).contains("--supervision rest-for-one needs --checkpoint-dir"), partial.err());
        CliRun unknown = CliRun.of("bars", "--input", trades.toString(), "--supervision", "one-for-some");
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertTrue(errorLine(unknown).contains("one-for-some") && errorLine(unknown).contains("rest-for-one"), unknown.err());
    }

    @Test
    void jmhWithoutAMatchingBenchmarkOrWithABadPatternIsABadArgument() {
        CliRun none = CliRun.of("jmh", "NoSuchBenchmark");
        assertEquals(2, none.exitCode(), none.err());
        assertTrue(errorLine(none).contains("no benchmark matches 'NoSuchBenchmark'")
                && none.err().contains("KernelBenchmark, RecordStateBenchmark, StateAccessBenchmark"), none.err());

        CliRun bad = CliRun.of("jmh", "[");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(errorLine(bad).contains("'[' is not a regular expression: Unclosed character class"), bad.err());
    }

    @Test
    void benchNamesTheOptionThatIsWrong() {
        String[][] cases = {
                {"--symbols", "0"}, {"--rows", "0"}, {"--batch-size", "0"}, {"--parallelism", "129"}, {"--zipf", "-1"}};
        for (String[] c : cases) {
            CliRun run = CliRun.of("bench", c[0], c[1]);
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(errorLine(run).startsWith("error: " + c[0] + " must be"), run.err());
        }
    }

    @Test
    void aDirectoryAsInputIsSaidToBeADirectory(@TempDir Path dir) {
        for (String command : List.of("bars", "kernels")) {
            CliRun run = CliRun.of(command, "--input", dir.toString(), "--output", dir.resolve("out.csv").toString());
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("error: --input " + dir + ": is a directory, not a file", errorLine(run));
        }
    }

    @Test
    void everyCommandPrintsTheVersion() {
        for (String command : List.of("demo", "bars", "enrich", "bitstamp", "kernels", "bench", "jmh")) {
            CliRun run = CliRun.of(command, "-V");
            assertEquals(0, run.exitCode(), command + ": " + run.err());
            assertTrue(run.out().startsWith("sabot "), command + " -V: " + run.out());
        }
    }

    /** The runtime names the task that failed ("trades[0]: ..."); that is the job graph's name, not the user's. */
    @Test
    void aFailedJobsErrorNamesNoInternalTask(@TempDir Path dir) throws Exception {
        Path trades = Files.writeString(dir.resolve("bad.csv"), "symbol,ts,price,size\nX,1,10.0,1.0\nX,2,abc,1\n");
        CliRun run = CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b.csv").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("error: the bars job failed: " + trades + " line 3, column 'price': 'abc' is not a number",
                errorLine(run));
    }

    @Test
    void anErrorAboutAHugeHeaderQuotesOnlyItsStart(@TempDir Path dir) throws Exception {
        Path trades = Files.writeString(dir.resolve("huge.csv"), "h".repeat(10_000_000) + "\nX,1,10.0,1.0\n");
        CliRun run = CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b.csv").toString());
        assertEquals(1, run.exitCode());
        String error = errorLine(run);
        assertTrue(error.length() < 600, "a short line, not 10 MB: " + error.length() + " characters");
        assertTrue(error.endsWith("the header has no such column (header: " + "h".repeat(200) + "… (9999800 more characters))"),
                error);
    }
}
