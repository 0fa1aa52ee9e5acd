package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.sabot.actors.kafka.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once after crashes: the jar runs a job with checkpoints every 200 ms and is killed with
 * SIGKILL at random moments after a checkpoint completed, again and again; each run resumes from the
 * last completed checkpoint; the output of the run that finally completes is byte-identical to the
 * output of a run without failures. A job stopped with a savepoint (SIGTERM) and started from it at
 * another parallelism writes the same output too. The kernels job reading a Kafka topic and writing to
 * one, killed the same way, commits every feature row exactly once (a broker runs in the test JVM).
 *
 * <p>CI kills each job {@value #DEFAULT_KILLS} times on a small input. The long loop:
 * {@code ./mvnw -pl samples -am verify -Dit.test=CrashRecoveryIT -Dsabot.crash.kills=25 -Dsabot.crash.rows=2000000}
 * (see docs/checkpoints.md).
 */
class CrashRecoveryIT {

    private static final int DEFAULT_KILLS = 3;
    private static final int KILLS = Integer.getInteger("sabot.crash.kills", DEFAULT_KILLS);
    private static final int ROWS = Integer.getInteger("sabot.crash.rows", 300_000);

    @TempDir
    Path dir;

    private final SplittableRandom random = new SplittableRandom(Long.getLong("sabot.crash.seed", 7));

    @Test
    void kernelsKilledAgainAndAgainWritesExactlyTheFeaturesOfARunWithoutFailures() throws Exception {
        JarProcess.Run quotes = JarProcess.java(dir, "demo", "--rows", Integer.toString(ROWS), "--symbols", "500",
                "--output", "quotes.csv", "--bars-output", "demo-bars.csv");
        assertEquals(0, quotes.exitCode(), quotes.output());
        List<String> job = List.of("kernels", "--input", "quotes.csv", "--checkpoint-interval", "200ms",
                "--max-rows-per-second", Integer.toString(Math.max(ROWS / 4, 1)));
        Path clean = run(job, "clean.csv", null, 0);
        Path crashed = run(job, "crashed.csv", dir.resolve("checkpoints"), KILLS);
        assertArrayEquals(Files.readAllBytes(clean), Files.readAllBytes(crashed), "the features after " + KILLS + " crashes");
    }

    /**
     * Kafka in and out: quotes produced into a topic, the kernels job reading it (bounded) and writing
     * its features to another topic with exactly-once delivery, killed again and again; a
     * read_committed consumer then sees exactly the features of the file-based run, each once.
     */
    @Test
    void kernelsFromATopicToATopicKilledAgainAndAgainCommitsEveryFeatureOnce() throws Exception {
        JarProcess.Run quotes = JarProcess.java(dir, "demo", "--rows", Integer.toString(ROWS), "--symbols", "500",
                "--output", "quotes.csv", "--bars-output", "demo-bars.csv");
        assertEquals(0, quotes.exitCode(), quotes.output());
        Path clean = run(List.of("kernels", "--input", "quotes.csv"), "clean.csv", null, 0);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic("quotes", 4);
            broker.createTopic("features", 4);
            String bootstrap = broker.bootstrapServers();
            JarProcess.Run produced = JarProcess.java(dir, "produce", "--input", "quotes.csv", "--topic", "quotes",
                    "--bootstrap", bootstrap, "--columns", "symbol,ts,bid,ask,bid_size,ask_size");
            assertEquals(0, produced.exitCode(), produced.output());
            run(List.of("kernels", "--kafka-bootstrap", bootstrap, "--input-topic", "quotes", "--output-topic", "features",
                    "--bounded", "--checkpoint-interval", "200ms", "--max-rows-per-second", Integer.toString(Math.max(ROWS / 4, 1))),
                    null, dir.resolve("checkpoints"), KILLS);
            JarProcess.Run consumed = JarProcess.java(dir, "consume", "--topic", "features", "--bootstrap", bootstrap);
            assertEquals(0, consumed.exitCode(), consumed.output());
            List<String> expected = Files.readAllLines(clean);
            List<String> committed = consumed.output().lines().toList();
            assertEquals(expected.size() - 1, committed.size(), "every feature row once (the file has a header)");
            assertEquals(expected.subList(1, expected.size()).stream().sorted().toList(), committed.stream().sorted().toList(),
                    "the features in the topic after " + KILLS + " crashes: those of the file-based run");
        }
    }

    @Test
    void barsKilledAgainAndAgainWriteExactlyTheBarsAndLateTradesOfARunWithoutFailures() throws Exception {
        writeTrades();
        List<String> job = List.of("bars", "--input", "trades.csv", "--window", "60s", "--out-of-orderness", "5s",
                "--parallelism", "2", "--checkpoint-interval", "200ms", "--max-rows-per-second", "75000");
        Path clean = run(with(job, "--late-output", "late-clean.csv"), "bars-clean.csv", null, 0);
        Path crashed = run(with(job, "--late-output", "late-crashed.csv"), "bars-crashed.csv", dir.resolve("checkpoints"), KILLS);
        assertArrayEquals(Files.readAllBytes(clean), Files.readAllBytes(crashed), "the bars after " + KILLS + " crashes");
        assertArrayEquals(Files.readAllBytes(dir.resolve("late-clean.csv")), Files.readAllBytes(dir.resolve("late-crashed.csv")),
                "the late trades after " + KILLS + " crashes");
    }

    @Test
    void barsStoppedWithASavepointResumeAtAnotherParallelismWithTheOutputOfARunWithoutFailures() throws Exception {
        writeTrades();
        List<String> job = List.of("bars", "--input", "trades.csv", "--window", "60s", "--out-of-orderness", "5s",
                "--max-rows-per-second", "75000");
        Path clean = run(with(job, "--parallelism", "2", "--late-output", "late-clean.csv"), "bars-clean.csv", null, 0);

        Path checkpoints = dir.resolve("checkpoints");
        Process stopped = JarProcess.start(dir, with(job, "--parallelism", "2", "--output", "bars-resumed.csv",
                "--late-output", "late-resumed.csv", "--checkpoint-dir", checkpoints.toString(),
                "--checkpoint-interval", "200ms", "--stop-with-savepoint", "savepoints"));
        assertTrue(awaitNewCheckpoint(checkpoints, Set.of(), stopped), "the job ended before it could be stopped");
        stopped.destroy(); // SIGTERM, as Kubernetes stops a pod
        assertTrue(stopped.waitFor(1, TimeUnit.MINUTES), "the job did not stop");
        String said = Files.readString(dir.resolve("jar-output.txt"));
        assertEquals(143, stopped.exitValue(), "ended by SIGTERM (128 + 15): " + said);
        List<Path> taken;
        try (Stream<Path> savepoints = Files.list(dir.resolve("savepoints"))) {
            taken = savepoints.toList();
        }
        assertEquals(1, taken.size(), "one savepoint: " + taken);
        Path savepoint = taken.get(0);
        assertTrue(said.contains("stopped with a savepoint: " + savepoint), said);

        Process resumed = JarProcess.start(dir, with(job, "--parallelism", "3", "--output", "bars-resumed.csv",
                "--late-output", "late-resumed.csv", "--from-savepoint", savepoint.toString()));
        assertTrue(resumed.waitFor(5, TimeUnit.MINUTES), "the resumed run did not finish");
        assertEquals(0, resumed.exitValue(), "the resumed run failed: " + Files.readString(dir.resolve("jar-output.txt")));
        assertTrue(Files.readString(dir.resolve("sabot-output/sabot.log")).contains("restored from savepoint " + savepoint));
        assertArrayEquals(Files.readAllBytes(clean), Files.readAllBytes(dir.resolve("bars-resumed.csv")),
                "the bars stopped at parallelism 2, resumed at 3");
        assertArrayEquals(Files.readAllBytes(dir.resolve("late-clean.csv")), Files.readAllBytes(dir.resolve("late-resumed.csv")),
                "the late trades stopped at parallelism 2, resumed at 3");
    }

    /** trades.csv: Bitstamp trades of 3 symbols, out of order by up to 8 s (late trades for a 5 s bound). */
    private void writeTrades() throws Exception {
        JarProcess.Run trades = JarProcess.java(dir, "bitstamp", "--output", "trades.csv", "--symbols", "3",
                "--disorder", "8s");
        assertEquals(0, trades.exitCode(), trades.output());
    }

    /** {@code job} with {@code more} arguments. */
    private static List<String> with(List<String> job, String... more) {
        List<String> args = new ArrayList<>(job);
        args.addAll(List.of(more));
        return args;
    }

    /**
     * Runs {@code job} writing {@code output} (null: the job names its outputs); with a checkpoint
     * directory, kills it {@code kills} times (each time a moment after a checkpoint completed), then
     * lets the last run finish.
     */
    private Path run(List<String> job, String output, Path checkpoints, int kills) throws Exception {
        List<String> args = new ArrayList<>(job);
        if (output != null) {
            args.addAll(List.of("--output", output));
        }
        if (checkpoints != null) {
            args.addAll(List.of("--checkpoint-dir", checkpoints.toString()));
        }
        for (int kill = 1; kill <= kills; kill++) {
            Set<Path> before = checkpointRecords(checkpoints);
            Process process = JarProcess.start(dir, args);
            if (!awaitNewCheckpoint(checkpoints, before, process)) {
                fail("run " + kill + " ended by itself (exit code " + process.exitValue() + ") before a checkpoint"
                        + " completed, so it could not be killed: make the input larger or slower\n"
                        + Files.readString(dir.resolve("jar-output.txt")));
            }
            Thread.sleep(random.nextInt(400)); // anywhere between two checkpoints, or in one
            process.toHandle().destroyForcibly();
            assertTrue(process.waitFor(1, TimeUnit.MINUTES), "the killed job did not end");
            assertEquals(137, process.exitValue(), "killed by SIGKILL (128 + 9)");
        }
        Process last = JarProcess.start(dir, args);
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the last run did not finish");
        assertEquals(0, last.exitValue(), "the last run failed: " + Files.readString(dir.resolve("jar-output.txt")));
        String said = Files.readString(dir.resolve("jar-output.txt"));
        if (kills > 0) {
            String log = Files.readString(dir.resolve("sabot-output/sabot.log"));
            assertTrue(log.contains("restored from checkpoint"), "the runs after a kill resumed from a checkpoint");
        }
        assertEquals(kills > 0, said.contains("(the counts are of the rows after checkpoint "),
                "the summary says whether its counts start at a checkpoint: " + said);
        return output == null ? null : dir.resolve(output);
    }

    /** Waits until a checkpoint that was not there {@code before} completed (true) or the process exited (false). */
    static boolean awaitNewCheckpoint(Path checkpoints, Set<Path> before, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            Set<Path> now = checkpointRecords(checkpoints);
            now.removeAll(before);
            if (!now.isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint completed within 2 minutes");
    }

    /** The completed checkpoints' records in the snapshot store: files under {@code <dir>/<job>%2F_checkpoints/}. */
    static Set<Path> checkpointRecords(Path checkpoints) throws IOException {
        Set<Path> records = new HashSet<>();
        if (!Files.isDirectory(checkpoints)) {
            return records;
        }
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            for (Path job : jobs.filter(p -> p.getFileName().toString().endsWith("%2F_checkpoints")).toList()) {
                try (Stream<Path> files = Files.list(job)) {
                    files.filter(f -> f.getFileName().toString().startsWith("snapshot-")).forEach(records::add);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // a job's checkpoints were discarded while listing: it finished
        }
        return records;
    }
}
