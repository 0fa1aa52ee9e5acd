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
 * The jar's jobs with failures injected ({@code --inject-failures}) under each supervision strategy:
 * each failure restarts the job (one-for-all), or the failed task with its downstream tasks
 * (rest-for-one), or the failed task alone where that is exact (one-for-one), from the last
 * checkpoint, and the output equals, byte for byte, that of a run without failures.
 */
class SupervisionIT {

    private static final Pattern RESTARTS = Pattern.compile("restarted (\\d+) time\\(s\\)");
    private static final Pattern PARTIAL = Pattern.compile("restarted \\[[^]]+\\] as attempt");
    private static final List<String> STRATEGIES = List.of("one-for-all", "rest-for-one", "one-for-one");

    @TempDir
    Path dir;

    @Test
    void kernelsWithInjectedFailuresWriteExactlyTheFeaturesOfARunWithoutFailures() throws Exception {
        JarProcess.Run quotes = JarProcess.java(dir, "demo", "--rows", "600000", "--symbols", "300",
                "--output", "quotes.csv", "--bars-output", "demo-bars.csv");
        assertEquals(0, quotes.exitCode(), quotes.output());
        List<String> job = List.of("kernels", "--input", "quotes.csv");
        run(job, "--output", "clean.csv");
        for (String strategy : STRATEGIES) {
            String failed = run(withFailures(job, "0.02", strategy), "--output", strategy + ".csv"); // fewer, larger batches than bars
            assertArrayEquals(Files.readAllBytes(dir.resolve("clean.csv")), Files.readAllBytes(dir.resolve(strategy + ".csv")),
                    strategy + ": the features after " + restarts(failed, strategy) + " restarts");
        }
    }

    @Test
    void barsWithInjectedFailuresWriteExactlyTheBarsAndLateTradesOfARunWithoutFailures() throws Exception {
        JarProcess.Run trades = JarProcess.java(dir, "bitstamp", "--output", "trades.csv", "--symbols", "3",
                "--disorder", "8s");
        assertEquals(0, trades.exitCode(), trades.output());
        List<String> job = List.of("bars", "--input", "trades.csv", "--window", "60s", "--out-of-orderness", "5s",
                "--parallelism", "2");
        run(job, "--output", "bars-clean.csv", "--late-output", "late-clean.csv");
        for (String strategy : STRATEGIES) {
            String failed = run(withFailures(job, "0.01", strategy), "--output", "bars-" + strategy + ".csv",
                    "--late-output", "late-" + strategy + ".csv");
            int restarts = restarts(failed, strategy);
            assertArrayEquals(Files.readAllBytes(dir.resolve("bars-clean.csv")),
                    Files.readAllBytes(dir.resolve("bars-" + strategy + ".csv")), strategy + ": the bars after " + restarts + " restarts");
            assertArrayEquals(Files.readAllBytes(dir.resolve("late-clean.csv")),
                    Files.readAllBytes(dir.resolve("late-" + strategy + ".csv")),
                    strategy + ": the late trades after " + restarts + " restarts");
        }
    }

    /**
     * {@code job} under {@code strategy}, checkpointing every 200 ms, paced so that checkpoints come
     * between the failures, {@code probability} of batches failing.
     */
    private List<String> withFailures(List<String> job, String probability, String strategy) {
        List<String> args = new ArrayList<>(job);
        args.addAll(List.of("--supervision", strategy,
                "--checkpoint-dir", dir.resolve("checkpoints-" + strategy).toString(), "--checkpoint-interval", "200ms",
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

    /**
     * The restarts the command reported; fails when it reported none (no failure was injected: the
     * test tested nothing), or when a partial strategy restarted no task partially (its log says).
     */
    private int restarts(String output, String strategy) throws Exception {
        Matcher matcher = RESTARTS.matcher(output);
        if (!matcher.find()) {
            throw new AssertionError(strategy + ": the run reported no restart: " + output);
        }
        Path log = dir.resolve("sabot-output/sabot.log");
        if (!strategy.equals("one-for-all") && !PARTIAL.matcher(Files.readString(log)).find()) {
            throw new AssertionError(strategy + ": no task restarted partially: " + output);
        }
        Files.delete(log); // each run's log on its own
        return Integer.parseInt(matcher.group(1));
    }
}
