package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's jobs with failures injected ({@code --inject-failures}): each failure restarts the job
 * (one-for-all) from its last checkpoint, and the output equals, byte for byte, that of a run
 * without failures.
 */
class SupervisionIT {

    private static final Pattern RESTARTS = Pattern.compile("restarted (\\d+) time\\(s\\)");

    @TempDir
    Path dir;

    @Test
    void kernelsWithInjectedFailuresWriteExactlyTheFeaturesOfARunWithoutFailures() throws Exception {
        JarProcess.Run quotes = JarProcess.java(dir, "demo", "--rows", "600000", "--symbols", "300",
                "--output", "quotes.csv", "--bars-output", "demo-bars.csv");
        assertEquals(0, quotes.exitCode(), quotes.output());
        List<String> job = List.of("kernels", "--input", "quotes.csv");
        run(job, "--output", "clean.csv");
        String failed = run(withFailures(job, "0.02"), "--output", "failed.csv"); // fewer, larger batches than bars
        assertArrayEquals(Files.readAllBytes(dir.resolve("clean.csv")), Files.readAllBytes(dir.resolve("failed.csv")),
                "the features after " + restarts(failed) + " restarts");
    }

    @Test
    void barsWithInjectedFailuresWriteExactlyTheBarsAndLateTradesOfARunWithoutFailures() throws Exception {
        JarProcess.Run trades = JarProcess.java(dir, "bitstamp", "--output", "trades.csv", "--symbols", "3",
                "--disorder", "8s");
        assertEquals(0, trades.exitCode(), trades.output());
        List<String> job = List.of("bars", "--input", "trades.csv", "--window", "60s", "--out-of-orderness", "5s",
                "--parallelism", "2");
        run(job, "--output", "bars-clean.csv", "--late-output", "late-clean.csv");
        String failed = run(withFailures(job, "0.01"), "--output", "bars-failed.csv", "--late-output", "late-failed.csv");
        assertArrayEquals(Files.readAllBytes(dir.resolve("bars-clean.csv")), Files.readAllBytes(dir.resolve("bars-failed.csv")),
                "the bars after " + restarts(failed) + " restarts");
        assertArrayEquals(Files.readAllBytes(dir.resolve("late-clean.csv")), Files.readAllBytes(dir.resolve("late-failed.csv")),
                "the late trades after " + restarts(failed) + " restarts");
    }

    /** {@code job} checkpointing every 200 ms, paced so that checkpoints come between the failures, {@code probability} of batches failing. */
    private List<String> withFailures(List<String> job, String probability) {
        List<String> args = new ArrayList<>(job);
        args.addAll(List.of("--checkpoint-dir", dir.resolve("checkpoints").toString(), "--checkpoint-interval", "200ms",
                "--max-rows-per-second", "150000", "--inject-failures", probability, "--seed", "5",
                "--restart-strategy", "fixed-delay", "--restart-attempts", "1000", "--restart-delay", "100ms"));
        return args;
    }

    private String run(List<String> job, String... outputs) throws Exception {
        List<String> args = new ArrayList<>(job);
        args.addAll(List.of(outputs));
        JarProcess.Run run = JarProcess.java(dir, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.output());
        return run.output();
    }

    /** The restarts the command reported; fails when it reported none (no failure was injected: the test tested nothing). */
    private static int restarts(String output) {
        Matcher matcher = RESTARTS.matcher(output);
        if (!matcher.find()) {
            throw new AssertionError("the run reported no restart: " + output);
        }
        return Integer.parseInt(matcher.group(1));
    }
}
