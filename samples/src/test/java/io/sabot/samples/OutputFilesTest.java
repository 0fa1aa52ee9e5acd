package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands do to the files they are given (docs/command-line.md, "Output files"): an
 * output that is an input, another output or a directory is refused before anything is written; a
 * run that fails leaves every old output as it was; an output that cannot be written ends the run
 * with one error line; temporaries of killed runs are removed, those of running ones are not.
 */
class OutputFilesTest {

    private static final String QUOTES = "symbol,ts,bid,ask,bid_size,ask_size\n"
            + "AAPL,1,100.0,100.02,300,100\n"
            + "AAPL,2,NaN,100.02,300,100\n"     // line 3: a dead letter
            + "AAPL,3,100.01,100.03,200,200\n";

    @TempDir
    Path dir;

    private Path file(String name, String contents) throws IOException {
        return Files.writeString(dir.resolve(name), contents);
    }

    /** The command's exit code is 2, it names both options, and {@code kept} holds what it held. */
    private static void refused(CliRun run, String first, String second, Path kept, byte[] before) throws IOException {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(first + " and " + second + " are the same file"), run.err());
        assertArrayEquals(before, Files.readAllBytes(kept), kept + " is unchanged");
    }

    @Test
    void anOutputThatIsAnInputOrAnotherOutputIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path quotes = file("q.csv", QUOTES);
        byte[] q = Files.readAllBytes(quotes);
        Path trades = file("t.csv", "symbol,ts,price,size\nX,1,10.0,1.0\n");
        byte[] t = Files.readAllBytes(trades);
        Path old = file("x.csv", "old output\n");
        byte[] x = Files.readAllBytes(old);

        refused(CliRun.of("kernels", "--input", quotes.toString(), "--output", dir.resolve("f.csv").toString(),
                "--bad-rows", "dead-letter", quotes.toString()), "--bad-rows dead-letter", "--input", quotes, q);
        refused(CliRun.of("kernels", "--input", quotes.toString(), "--output", quotes.toString()),
                "--output", "--input", quotes, q);
        refused(CliRun.of("bars", "--input", trades.toString(), "--output", dir.resolve("b.csv").toString(),
                "--late-output", trades.toString()), "--late-output", "--input", trades, t);
        refused(CliRun.of("bars", "--input", trades.toString(), "--output", old.toString(), "--late-output", old.toString()),
                "--late-output", "--output", old, x);
        refused(CliRun.of("kernels", "--input", quotes.toString(), "--output", old.toString(),
                "--bad-rows", "dead-letter", old.toString()), "--bad-rows dead-letter", "--output", old, x);
        refused(CliRun.of("demo", "--rows", "10", "--output", old.toString(), "--bars-output", old.toString()),
                "--bars-output", "--output", old, x);
        assertFalse(Files.exists(dir.resolve("f.csv")) || Files.exists(dir.resolve("b.csv")), "nothing was written");
    }

    @Test
    void linksAndOtherSpellingsOfAFileAreThatFile() throws Exception {
        Path quotes = file("q.csv", QUOTES);
        byte[] q = Files.readAllBytes(quotes);
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), quotes.getFileName());
        refused(CliRun.of("kernels", "--input", quotes.toString(), "--output", link.toString()), "--output", "--input", quotes, q);
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");

        // two files not there yet, in one directory named through a link and through ".."
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("alias"), real.getFileName());
        CliRun demo = CliRun.of("demo", "--rows", "10", "--output", dir.resolve("alias/x.csv").toString(),
                "--bars-output", real.resolve("../real/x.csv").toString());
        assertEquals(2, demo.exitCode(), demo.err());
        assertTrue(demo.err().contains("--bars-output and --output are the same file ("
                + real.toRealPath().resolve("x.csv") + ")"), demo.err());
        try (Stream<Path> files = Files.list(real)) {
            assertEquals(List.of(), files.toList(), "nothing written");
        }
    }

    @Test
    void aDirectoryIsNoOutputFileAndNothingIsWritten() throws Exception {
        Path quotes = file("q.csv", QUOTES);
        Path features = file("f.csv", "old features\n");
        Path letters = Files.createDirectory(dir.resolve("letters"));
        CliRun kernels = CliRun.of("kernels", "--input", quotes.toString(), "--output", features.toString(),
                "--bad-rows", "dead-letter", letters.toString());
        assertEquals(2, kernels.exitCode(), kernels.err());
        assertTrue(kernels.err().contains("--bad-rows dead-letter " + letters + " is a directory"), kernels.err());
        assertEquals("old features\n", Files.readString(features), "no output committed");

        CliRun bitstamp = CliRun.of("bitstamp", "--output", letters.toString());
        assertEquals(2, bitstamp.exitCode(), bitstamp.err());
        assertTrue(bitstamp.err().contains("--output " + letters + " is a directory"), bitstamp.err());
    }

    /**
     * The dead letters cannot be made complete (a directory with a file in it stands where they are
     * staged): the job fails after the features may have been complete, and neither old output changes.
     */
    @Test
    void aRunThatFailsBeforeTheCommitLeavesEveryOldOutputAsItWas() throws Exception {
        Path quotes = file("q.csv", QUOTES);
        Path features = file("f.csv", "old features\n");
        Path letters = file("dead.csv", "old dead letters\n");
        Files.createDirectories(dir.resolve(".dead.csv.staging/dead.csv"));
        Files.writeString(dir.resolve(".dead.csv.staging/dead.csv/in-the-way"), "x");

        CliRun run = CliRun.of("kernels", "--input", quotes.toString(), "--output", features.toString(),
                "--bad-rows", "dead-letter", letters.toString());

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("error: the kernels job failed: "), run.err());
        assertEquals("old features\n", Files.readString(features));
        assertEquals("old dead letters\n", Files.readString(letters));
        assertFalse(Files.exists(dir.resolve(".f.csv.staging")), "the staged features are removed");
    }

    @Test
    void anOutputThatCannotBeWrittenEndsTheRunWithOneErrorLine() throws Exception {
        Path notADirectory = file("file.txt", "x");
        String[][] commands = {
                {"bitstamp", "--output", notADirectory.resolve("out.csv").toString()},
                {"demo", "--rows", "10", "--output", dir.resolve("d.csv").toString(),
                        "--bars-output", notADirectory.resolve("bars.csv").toString()},
                {"kernels", "--input", file("q.csv", QUOTES).toString(), "--output", dir.resolve("f.csv").toString(),
                        "--bad-rows", "dead-letter", notADirectory.resolve("dead.csv").toString()}};
        for (String[] command : commands) {
            CliRun run = CliRun.of(command);
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().matches("error: cannot write --[a-z -]+ " + Pattern.quote(notADirectory.toString())
                    + "/[a-z]+\\.csv: " + Pattern.quote(notADirectory + ": file already exists")
                    + "\n\\(details in .*\\)\n"), run.err());
            assertFalse(Files.exists(dir.resolve("d.csv")) || Files.exists(dir.resolve("f.csv")), "no output");
            assertFalse(Files.exists(dir.resolve(".d.csv.staging")) || Files.exists(dir.resolve(".f.csv.staging")),
                    "no staging directory left");
        }
    }

    @Test
    void aReadOnlyDirectoryEndsTheRunWithOneErrorLine() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            try {
                Files.delete(Files.createFile(readOnly.resolve("probe")));
                assumeFalse(true, "read-only permissions do not stop this user (root) from writing");
            } catch (AccessDeniedException expected) {
                // the directory is read-only for this user
            }
            for (String[] command : new String[][] {
                    {"bitstamp", "--output", readOnly.resolve("t.csv").toString()},
                    {"demo", "--rows", "10", "--output", dir.resolve("d.csv").toString(),
                            "--bars-output", readOnly.resolve("bars.csv").toString()}}) {
                CliRun run = CliRun.of(command);
                assertEquals(1, run.exitCode(), run.err());
                assertTrue(run.err().matches("error: cannot write --[a-z-]+ " + Pattern.quote(readOnly.toString())
                        + "/[a-z]+\\.csv: .*"
                        + "\n\\(details in .*\\)\n"), run.err());
            }
            assertFalse(Files.exists(dir.resolve("d.csv")), "no output");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A real full disk: a 256 KiB tmpfs. Needs permission to mount (root); skipped where mounting is not allowed. */
    @Test
    void aFullDiskEndsTheRunWithOneErrorLineAndLeavesNothing() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tiny"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()),
                "cannot mount a tmpfs here (needs root)");
        try {
            Path output = mount.resolve("trades.csv");
            CliRun run = CliRun.of("bitstamp", "--output", output.toString()); // 5 MB
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("error: cannot write " + output + ": No space left on device"), run.err());
            assertEquals(2, run.err().lines().count(), "the error and where the details are: " + run.err());
            try (Stream<Path> left = Files.list(mount)) {
                assertEquals(List.of(), left.toList(), "nothing is left");
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    void aRunRemovesTheTemporariesOfItsOutputsThatKilledRunsLeftNotThoseOfRunningOnes() throws Exception {
        Process exited = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(dir.resolve("version.txt").toFile()).start();
        assertEquals(0, exited.waitFor());
        Path staging = Files.createDirectory(dir.resolve(".trades.csv.staging"));
        Path killed = Files.writeString(staging.resolve(".trades.csv.inprogress-" + exited.pid() + "-0123abcd"), "killed");
        Path running = Files.writeString(staging.resolve(".trades.csv.inprogress-" + ProcessHandle.current().pid()
                + "-89abcdef"), "being written by this process");

        CliRun run = CliRun.of("bitstamp", "--output", dir.resolve("trades.csv").toString(), "--limit", "3");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, Files.readAllLines(dir.resolve("trades.csv")).size());
        assertFalse(Files.exists(killed), "its writer is gone");
        assertTrue(Files.exists(running), "its writer is running");
    }
}
