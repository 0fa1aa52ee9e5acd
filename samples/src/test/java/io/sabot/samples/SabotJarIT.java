package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged executable jar, run as a real process. */
class SabotJarIT {

    @Test
    void demoRunsFromTheJarWithDefaultsAndWritesItsOutput(@TempDir Path dir) throws Exception {
        JarProcess.Run run = JarProcess.java(dir, "demo", "--rows", "300000");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().matches("(?s).*\\| rows +\\| 300,000 .*"), run.output());
        assertTrue(run.output().matches("(?s).*\\| symbols +\\| 9,512 .*"), run.output()); // of 10,000: the seeded Zipf activity
        assertTrue(run.output().matches("(?s).*\\| 1-minute bars +\\| 9,399 .*"), run.output());
        assertTrue(run.output().contains("Top symbols by order-flow imbalance"), run.output());
        assertTrue(run.output().contains("Top symbols by volatility"), run.output());
        Path output = dir.resolve("sabot-output/demo-features.csv");
        try (var lines = Files.lines(output)) {
            assertEquals(300_001, lines.count());
        }
        try (var lines = Files.lines(dir.resolve("sabot-output/demo-bars.csv"))) {
            assertEquals(9_400, lines.count());
        }
        assertTrue(Files.exists(dir.resolve("sabot-output/sabot.log")), "the log goes to a file");
    }

    @Test
    void helpListsCommands(@TempDir Path dir) throws Exception {
        JarProcess.Run run = JarProcess.java(dir, "--help");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("demo"), run.output());
    }
}
