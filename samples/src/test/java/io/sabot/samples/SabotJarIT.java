package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged executable jar as a user would: {@code java -jar samples/target/sabot.jar ...}, no extra flags. */
class SabotJarIT {

    private static final Path JAR = Path.of("target", "sabot.jar");

    private record Run(int exitCode, String output) {}

    private static Run java(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the jar did not exit");
        return new Run(process.exitValue(), output);
    }

    @Test
    void demoRunsFromTheJarWithDefaultsAndWritesItsOutput(@TempDir Path dir) throws Exception {
        Run run = java(dir, "demo", "--rows", "300000");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("| rows        | 300,000"), run.output());
        assertTrue(run.output().contains("| symbols     | 1,000"), run.output());
        Path output = dir.resolve("sabot-output/demo-features.csv");
        try (var lines = Files.lines(output)) {
            assertEquals(300_001, lines.count());
        }
        assertTrue(Files.exists(dir.resolve("sabot-output/sabot.log")), "the log goes to a file");
    }

    @Test
    void helpListsCommands(@TempDir Path dir) throws Exception {
        Run run = java(dir, "--help");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("demo"), run.output());
    }
}
