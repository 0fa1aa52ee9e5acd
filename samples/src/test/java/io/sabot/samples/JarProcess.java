package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged executable jar as a user would: {@code java -jar samples/target/sabot.jar ...}, no extra flags. */
final class JarProcess {

    private static final Path JAR = Path.of("target", "sabot.jar");

    record Run(int exitCode, String output) {}

    private JarProcess() {}

    /** Runs the jar in {@code workDir}; returns its exit code and its output (stdout and stderr). */
    static Run java(Path workDir, String... args) throws IOException, InterruptedException {
        return java(workDir, List.of(), args);
    }

    /** Starts the jar in {@code workDir} with {@code args}, its output (stdout and stderr) going to {@code jar-output.txt} there. */
    static Process start(Path workDir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("jar-output.txt").toFile()).start();
    }

    /** Runs the jar with JVM options (such as {@code -Dsabot.log.file=...}) before {@code -jar}. */
    static Run java(Path workDir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the jar did not exit");
        return new Run(process.exitValue(), output);
    }
}
