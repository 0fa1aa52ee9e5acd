package io.sabot.actors.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sabot.actors.api.SinkContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part files over checkpoints, in particular a restore of the final checkpoint after the sink had
 * already written its target (the crash came between a sink's finish and the job's end).
 */
class PartFilesTest {

    private static final long FINAL = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private static SinkContext restoredFrom(long checkpointId, byte[] state) {
        return new SinkContext(0, 1, null, null, checkpointId, state, true);
    }

    private static void write(PartFiles parts, String text) throws IOException {
        parts.channel().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Joins the parts' bytes in order. */
    private static void concatenate(List<Path> parts, FileChannel target) throws IOException {
        for (Path part : parts) {
            target.write(ByteBuffer.wrap(Files.readAllBytes(part)));
        }
    }

    /** Two parts committed over checkpoint 1 and the final one, then finished; returns the final state. */
    private byte[] runToTheEnd(Path target) throws IOException {
        PartFiles parts = new PartFiles(target, restoredFrom(-1, null));
        write(parts, "a,");
        parts.preCommit(1);
        parts.commit(1);
        write(parts, "b");
        byte[] last = parts.preCommit(FINAL);
        parts.commit(FINAL);
        parts.finish(PartFilesTest::concatenate);
        return last;
    }

    @Test
    void aRestoreOfTheFinalCheckpointAfterTheTargetWasWrittenFinishesWithoutTouchingIt() throws IOException {
        Path target = dir.resolve("out.csv");
        byte[] last = runToTheEnd(target);
        assertEquals("a,b", Files.readString(target));

        PartFiles restored = new PartFiles(target, restoredFrom(FINAL, last)); // its parts are gone
        byte[] again = restored.preCommit(FINAL);
        restored.commit(FINAL);
        restored.finish(PartFilesTest::concatenate);
        assertEquals("a,b", Files.readString(target));

        // and once more, from what the restored run pre-committed: still finished, never an empty output
        PartFiles twice = new PartFiles(target, restoredFrom(FINAL, again));
        twice.finish(PartFilesTest::concatenate);
        assertEquals("a,b", Files.readString(target));
        assertFalse(Files.exists(dir.resolve(".out.csv.parts")));
    }

    @Test
    void aRestoreBeforeTheFinishCommitsThePendingPartAndWritesTheSameTarget() throws IOException {
        Path target = dir.resolve("out.csv");
        PartFiles parts = new PartFiles(target, restoredFrom(-1, null));
        write(parts, "a,");
        parts.preCommit(1);
        parts.commit(1);
        write(parts, "b");
        byte[] last = parts.preCommit(FINAL); // the crash: before the commit and the finish
        write(parts, "never pre-committed");

        PartFiles restored = new PartFiles(target, restoredFrom(FINAL, last));
        restored.finish(PartFilesTest::concatenate);
        assertEquals("a,b", Files.readString(target));
    }

    @Test
    void inADirectoryEachSubtaskKeepsItsCommittedPartsAndARestoreDropsWhatCameAfterItsCheckpoint() throws IOException {
        Path out = dir.resolve("bars");
        PartFiles zero = PartFiles.inDirectory(out, ".csv", new SinkContext(0, 2, null, null, -1, null, true));
        PartFiles one = PartFiles.inDirectory(out, ".csv", new SinkContext(1, 2, null, null, -1, null, true));
        write(zero, "a");
        byte[] atOne = zero.preCommit(1);
        write(one, "x");
        one.preCommit(1);
        zero.commit(1);
        one.commit(1);
        write(zero, "b"); // pre-committed for checkpoint 2, which never completes: the node is lost
        zero.preCommit(2);
        write(zero, "c"); // in progress
        assertEquals(List.of("part-0-0.csv", "part-1-0.csv"), visible(out), "only committed parts are visible");

        PartFiles restored = PartFiles.inDirectory(out, ".csv", new SinkContext(0, 2, null, null, 1, atOne, true));
        write(restored, "B");
        restored.preCommit(FINAL);
        restored.commit(FINAL);
        restored.finish(PartFilesTest::concatenate);
        assertEquals(List.of("part-0-0.csv", "part-0-1.csv", "part-1-0.csv"), visible(out));
        assertEquals("a", Files.readString(out.resolve("part-0-0.csv")));
        assertEquals("B", Files.readString(out.resolve("part-0-1.csv")), "what followed checkpoint 1 was dropped");
        assertFalse(Files.exists(out.resolve(".part-0-parts")), "finishing removes the staging directory");

        PartFiles again = PartFiles.inDirectory(out, ".csv", new SinkContext(0, 2, null, null, -1, null, true));
        assertEquals(List.of("part-1-0.csv"), visible(out), "a fresh start removes its subtask's parts of the run before");
        again.abort();
    }

    private static List<String> visible(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted().toList();
        }
    }
}
