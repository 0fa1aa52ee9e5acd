package io.sabot.persistence.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.persistence.testing.JsonSerializable;
import io.sabot.persistence.testing.LogCapture;
import io.sabot.persistence.testing.PluginConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots that own files (as incremental database checkpoints do): the files are kept while any
 * snapshot lists them, shared between snapshots, checked on load, and deleted with the last snapshot
 * that lists them.
 */
class SnapshotWithFilesTest {

    record State(String name) implements JsonSerializable {
    }

    @TempDir
    static Path dir;
    private static ActorSystem system;
    private static SnapshotClient store;
    private static final AtomicInteger ids = new AtomicInteger();
    private String pid;
    private Path files;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("snapshot-files", PluginConfig.in(dir));
        store = new SnapshotClient(system);
    }

    @AfterAll
    static void stop() {
        TestKit.shutdownActorSystem(system);
    }

    @BeforeEach
    void newPersistenceId() {
        pid = "with-files-" + ids.incrementAndGet();
        files = FileSnapshotStore.filesDirectory(dir.resolve("snapshots"), pid);
    }

    private void write(String name, String content) throws IOException {
        Path file = files.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Snapshot 1 lists shared/a and 1/own; snapshot 2 lists shared/a and 2/own: shared/a is shared. */
    private void twoSnapshotsSharingAFile() throws IOException {
        write("shared/a", "shared by both");
        write("1/own", "only the first");
        store.saved(pid, 1, new SnapshotWithFiles(new State("one"), List.of("shared/a", "1/own")));
        write("2/own", "only the second");
        store.saved(pid, 2, new SnapshotWithFiles(new State("two"), List.of("shared/a", "2/own")));
    }

    @Test
    void snapshotsDeletedSideBySideTakeAllTheirFilesWithThem() throws IOException {
        int snapshots = 24;
        write("shared/a", "shared by all");
        for (int n = 1; n <= snapshots; n++) {
            write(n + "/own", "only snapshot " + n);
            store.saved(pid, n, new SnapshotWithFiles(new State("s" + n), List.of("shared/a", n + "/own")));
        }
        // as a checkpoint's retention and the job's end discard checkpoints at the same time: each delete
        // may find another's snapshot gone while it reads which files the remaining ones still need
        List<Object> deletes = new ArrayList<>();
        for (int n = 1; n <= snapshots; n++) {
            deletes.add(new SnapshotProtocol.DeleteSnapshot(SnapshotMetadata.apply(pid, n, 0)));
        }
        store.askAll(deletes);
        for (int n = 1; n <= snapshots; n++) {
            assertFalse(Files.exists(files.resolve(n + "/own")), "snapshot " + n + "'s own file");
        }
        assertFalse(Files.exists(files.resolve("shared/a")), "no snapshot lists it any more");
    }

    @Test
    void aLoadedSnapshotListsItsFiles() throws IOException {
        twoSnapshotsSharingAFile();
        SelectedSnapshot latest = store.latest(pid);
        assertEquals(new SnapshotWithFiles(new State("two"), List.of("shared/a", "2/own")), latest.snapshot());
        assertEquals("only the second", Files.readString(files.resolve("2/own"), StandardCharsets.UTF_8));
    }

    @Test
    void aFileIsDeletedWithTheLastSnapshotThatListsIt() throws IOException {
        twoSnapshotsSharingAFile();
        store.delete(SnapshotMetadata.apply(pid, 1, 0));
        assertFalse(Files.exists(files.resolve("1/own")), "listed by the deleted snapshot only");
        assertFalse(Files.exists(files.resolve("1")), "its directory, left empty, goes too");
        assertTrue(Files.exists(files.resolve("shared/a")), "still listed by snapshot 2");
        assertTrue(Files.exists(files.resolve("2/own")));

        write("unsaved/next", "written for a snapshot not saved yet");
        store.delete(pid, SnapshotSelectionCriteria.latest());
        assertFalse(Files.exists(files.resolve("shared/a")));
        assertFalse(Files.exists(files.resolve("2/own")));
        assertTrue(Files.exists(files.resolve("unsaved/next")), "files no snapshot listed are not the store's to delete");
    }

    @Test
    void savingTheSameSequenceNumberAgainReleasesOnlyTheFilesTheNewOneDoesNotList() throws IOException {
        twoSnapshotsSharingAFile();
        write("2/again", "the second, saved again");
        store.saved(pid, 2, new SnapshotWithFiles(new State("two again"), List.of("shared/a", "2/again")));
        assertFalse(Files.exists(files.resolve("2/own")));
        assertTrue(Files.exists(files.resolve("shared/a")));
        assertEquals(new State("two again"), ((SnapshotWithFiles) store.latest(pid).snapshot()).snapshot());
    }

    @Test
    void aSnapshotWhoseFileIsMissingOrChangedIsDamagedAndAnOlderOneLoads() throws IOException {
        twoSnapshotsSharingAFile();
        Files.delete(files.resolve("2/own"));
        try (LogCapture log = new LogCapture(FileSnapshotStore.class)) {
            SelectedSnapshot loaded = store.latest(pid);
            assertEquals(1, loaded.metadata().sequenceNr());
            assertTrue(log.lines().stream().anyMatch(line -> line.contains(files.resolve("2/own").toString())
                    && line.contains("missing") && line.contains("falling back")), log.lines().toString());
        }
        write("1/own", "changed: another size");
        Object failed = store.load(pid, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE);
        assertInstanceOf(org.apache.pekko.persistence.SnapshotProtocol.LoadSnapshotFailed.class, failed);
        assertTrue(failed.toString().contains("1/own") && failed.toString().contains("bytes"), failed.toString());
    }

    @Test
    void aSnapshotCannotBeSavedBeforeItsFilesAreWrittenNorListFilesOutsideItsDirectory() {
        Object reply = store.save(SnapshotMetadata.apply(pid, 1), new SnapshotWithFiles(new State("x"), List.of("nowhere")));
        assertInstanceOf(SaveSnapshotFailure.class, reply);
        assertTrue(((SaveSnapshotFailure) reply).cause().getMessage().contains(files.resolve("nowhere").toString()),
                ((SaveSnapshotFailure) reply).cause().getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SnapshotWithFiles(new State("x"), List.of("../escape")));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotWithFiles(new State("x"), List.of("/etc/passwd")));
    }
}
