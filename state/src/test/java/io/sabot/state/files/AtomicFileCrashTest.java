package io.sabot.state.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that rewrites one file through {@link AtomicFile} is killed with SIGKILL at random moments,
 * mid-write: every time, the file is the complete contents of a committed generation (the last one
 * it reported or the one after), never a torn mix; the temporaries the killed writers left are found
 * abandoned and removed, those a running process may own are not.
 */
class AtomicFileCrashTest {

    @TempDir
    Path dir;

    @Test
    void aWriterKilledMidWriteLeavesTheOldFileOrTheCompleteNewOne() throws Exception {
        Path target = dir.resolve("state.bin");
        SplittableRandom random = new SplittableRandom(42);
        for (int kill = 0; kill < 5; kill++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), AtomicFileWriter.class.getName(),
                    target.toString())
                    .redirectError(dir.resolve("errors.txt").toFile()).start();
            long reported = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                long until = reported + 2 + random.nextInt(3);
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    reported = Long.parseLong(line.substring("committed ".length()));
                    if (reported >= until) {
                        break;
                    }
                }
                assertTrue(reported > 0, "the writer died by itself: " + Files.readString(dir.resolve("errors.txt")));
                Thread.sleep(random.nextInt(40)); // somewhere inside the next write
                writer.toHandle().destroyForcibly();
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
                assertEquals(137, writer.exitValue(), "killed by SIGKILL (128 + 9)");
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    reported = Long.parseLong(line.substring("committed ".length()));
                }
            }
            long found = AtomicFileWriter.generationOf(target);
            assertTrue(found == reported || found == reported + 1,
                    "after kill " + kill + " the file holds generation " + found + ", the writer had reported " + reported);
            assertArrayEquals(AtomicFileWriter.contents(found), Files.readAllBytes(target));
        }
        AtomicFile.removeAbandoned(target); // the killed writers' temporaries: their process ids are gone
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.filter(f -> f.getFileName().toString().startsWith(".state.bin")
                    || f.equals(target)).toList(), "no temporary of a killed writer is left");
        }
    }

    @Test
    void onlyTheTemporariesOfWritersThatAreGoneAreRemoved() throws Exception {
        Path target = Files.writeString(dir.resolve("out.txt"), "old");
        Process exited = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(dir.resolve("version.txt").toFile()).start();
        assertEquals(0, exited.waitFor());
        long self = ProcessHandle.current().pid();
        Path dead = Files.writeString(dir.resolve(".out.txt.inprogress-" + exited.pid() + "-0123abcd"), "killed");
        Path live = Files.writeString(dir.resolve(".out.txt.inprogress-" + self + "-89abcdef"), "being written");
        Path reused = Files.writeString(dir.resolve(".out.txt.inprogress-" + self + "-00000000"), "an earlier process 1");
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Files.setLastModifiedTime(reused, FileTime.from(started.minus(Duration.ofHours(1))));
        Path otherTarget = Files.writeString(dir.resolve(".other.txt.inprogress-" + exited.pid() + "-0123abcd"), "x");
        Path otherName = Files.writeString(dir.resolve(".out.txt.inprogress-" + exited.pid()), "not ours");

        assertEquals(2, AtomicFile.removeAbandoned(target));

        assertFalse(Files.exists(dead), "the writer's process is gone");
        assertFalse(Files.exists(reused), "the id is another process's now, started after the last write");
        assertTrue(Files.exists(live), "a running process may still be writing it");
        assertTrue(Files.exists(otherTarget) && Files.exists(otherName), "not a temporary of out.txt");
        assertEquals("old", Files.readString(target));
    }

    @Test
    void anAbortedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFile.write(target, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFile file = AtomicFile.create(target);
        file.channel().write(java.nio.ByteBuffer.wrap("new, half".getBytes(StandardCharsets.UTF_8)));
        file.abort();
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
