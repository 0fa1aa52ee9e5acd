package io.sabot.persistence.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.persistence.testing.JsonSerializable;
import io.sabot.persistence.testing.LogCapture;
import io.sabot.persistence.testing.PluginConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.DeleteSnapshotSuccess;
import org.apache.pekko.persistence.DeleteSnapshotsSuccess;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
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
 * The snapshot store's contract, as Pekko's TCK states it (selection by criteria, deletes, overwrite,
 * size, metadata), plus what files bring: checksums, fallback to an older snapshot when the newest
 * is damaged (and the log saying so), atomic writes and safe directory names.
 */
class SnapshotStoreConformanceTest {

    record Counter(String name, long value) implements JsonSerializable {
    }

    @TempDir
    static Path dir;
    private static ActorSystem system;
    private static SnapshotClient store;
    private static final AtomicInteger ids = new AtomicInteger();
    private String pid;
    /** Snapshots 10, 20, 30, 40, 50 of {@link #pid}, with increasing timestamps. */
    private List<SnapshotMetadata> saved;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("snapshot-conformance", PluginConfig.in(dir));
        store = new SnapshotClient(system);
    }

    @AfterAll
    static void stop() {
        TestKit.shutdownActorSystem(system);
    }

    @BeforeEach
    void fiveSnapshots() throws InterruptedException {
        pid = "s-" + ids.incrementAndGet();
        saved = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            saved.add(store.saved(pid, i * 10, new Counter("c", i)));
            Thread.sleep(2); // distinct timestamps
        }
    }

    private Path pidDir() {
        return new SnapshotDirectory(dir.resolve("snapshots")).of(pid);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(pidDir())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private SnapshotFile newestFile() throws IOException {
        return new SnapshotDirectory(dir.resolve("snapshots")).list(pid).get(0);
    }

    @Test
    void selectsTheNewestSnapshotMatchingTheCriteria() {
        SelectedSnapshot latest = store.latest(pid);
        assertEquals(saved.get(4), latest.metadata());
        assertEquals(new Counter("c", 5), latest.snapshot());

        assertEquals(saved.get(2), store.selected(pid, SnapshotSelectionCriteria.create(35, Long.MAX_VALUE)).metadata());
        assertEquals(saved.get(1), store.selected(pid, SnapshotSelectionCriteria.create(Long.MAX_VALUE,
                saved.get(1).timestamp())).metadata());
        assertEquals(saved.get(3), store.selected(pid, SnapshotSelectionCriteria.create(45, Long.MAX_VALUE, 40, 0))
                .metadata());
        assertNull(store.selected(pid, SnapshotSelectionCriteria.create(Long.MAX_VALUE, Long.MAX_VALUE, 60, 0)));
        assertNull(store.selected(pid, SnapshotSelectionCriteria.create(Long.MAX_VALUE, Long.MAX_VALUE, 0,
                saved.get(4).timestamp() + 1)));
        assertNull(store.selected(pid, SnapshotSelectionCriteria.create(9, Long.MAX_VALUE)));
        assertNull(store.latest("never-saved"));

        // The recovery's toSequenceNr bounds the selection too.
        SnapshotProtocol.LoadSnapshotResult upTo25 = (SnapshotProtocol.LoadSnapshotResult) store.load(pid,
                SnapshotSelectionCriteria.latest(), 25);
        assertEquals(saved.get(1), upTo25.snapshot().get().metadata());
        assertEquals(25, upTo25.toSequenceNr());
    }

    @Test
    void deletesOneSnapshotOrAllMatchingCriteria() throws IOException {
        SnapshotMetadata anyTimestamp = SnapshotMetadata.apply(pid, 30);
        assertEquals(new DeleteSnapshotSuccess(anyTimestamp), store.delete(anyTimestamp));
        assertEquals(saved.get(1), store.selected(pid, SnapshotSelectionCriteria.create(30, Long.MAX_VALUE)).metadata());

        SnapshotMetadata otherTimestamp = SnapshotMetadata.apply(pid, 20, saved.get(1).timestamp() + 1000);
        store.delete(otherTimestamp);
        assertEquals(saved.get(1), store.selected(pid, SnapshotSelectionCriteria.create(30, Long.MAX_VALUE)).metadata(),
                "a delete with a timestamp only deletes the snapshot with that timestamp");

        SnapshotSelectionCriteria upTo40ButNotNewerThan20 = SnapshotSelectionCriteria.create(40, saved.get(1).timestamp());
        assertEquals(new DeleteSnapshotsSuccess(upTo40ButNotNewerThan20), store.delete(pid, upTo40ButNotNewerThan20));
        assertEquals(saved.get(3), store.selected(pid, SnapshotSelectionCriteria.create(40, Long.MAX_VALUE)).metadata());
        assertNull(store.selected(pid, SnapshotSelectionCriteria.create(39, Long.MAX_VALUE)));
        assertEquals(2, fileNames().size(), "only the files of 40 and 50 are left: " + fileNames());
    }

    @Test
    void savingTheSameSequenceNumberAgainReplacesTheFile() throws IOException {
        SnapshotMetadata again = store.saved(pid, 50, new Counter("c", 55));
        assertEquals(new Counter("c", 55), store.latest(pid).snapshot());
        assertEquals(again, store.latest(pid).metadata());
        assertEquals(1, fileNames().stream().filter(name -> name.startsWith("snapshot-0000000000000000050-")).count());
    }

    @Test
    void keepsBigSnapshotsAndMetadata() {
        String big = "0".repeat(1 << 20);
        store.saved(pid, 100, big);
        assertEquals(big, store.latest(pid).snapshot());

        SaveSnapshotSuccess withMetadata = (SaveSnapshotSuccess) store.save(
                SnapshotMetadata.apply(pid, 200).withMetadata(new Counter("meta", 7)), "with metadata");
        SelectedSnapshot loaded = store.latest(pid);
        assertEquals(withMetadata.metadata(), loaded.metadata());
        assertEquals(new Counter("meta", 7), loaded.metadata().metadata().get());
    }

    @Test
    void aSnapshotThatCannotBeSerializedFailsTheSaveAndLeavesNoFile() throws IOException {
        List<String> before = fileNames();
        SaveSnapshotFailure failure = assertInstanceOf(SaveSnapshotFailure.class,
                store.save(SnapshotMetadata.apply(pid, 60), new Object()));
        assertTrue(failure.cause().getMessage().contains("No configured serialization-bindings"), failure.cause().toString());
        assertEquals(before, fileNames());
    }

    @Test
    void aCorruptNewestSnapshotFallsBackToTheOlderOneAndSaysSo() throws IOException {
        SnapshotFile newest = newestFile();
        try (RandomAccessFile file = new RandomAccessFile(newest.path().toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01); // one flipped bit
        }
        try (LogCapture log = new LogCapture(FileSnapshotStore.class)) {
            SelectedSnapshot loaded = store.latest(pid);
            assertEquals(saved.get(3), loaded.metadata());
            assertEquals(new Counter("c", 4), loaded.snapshot());
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN") && line.contains(newest.path().toString())
                    && line.contains("corrupt") && line.contains("falling back")), log.lines().toString());
        }
    }

    @Test
    void aTruncatedNewestSnapshotFallsBackToTheOlderOne() throws IOException {
        SnapshotFile newest = newestFile();
        try (RandomAccessFile file = new RandomAccessFile(newest.path().toFile(), "rw")) {
            file.setLength(file.length() - 3);
        }
        assertEquals(saved.get(3), store.latest(pid).metadata());
    }

    @Test
    void whenEveryAttemptedSnapshotIsCorruptTheLoadFailsNamingTheFiles() throws IOException {
        List<SnapshotFile> files = new SnapshotDirectory(dir.resolve("snapshots")).list(pid);
        for (SnapshotFile file : files) {
            Files.write(file.path(), new byte[] {1, 2, 3});
        }
        SnapshotProtocol.LoadSnapshotFailed failed = assertInstanceOf(SnapshotProtocol.LoadSnapshotFailed.class,
                store.load(pid, SnapshotSelectionCriteria.latest(), Long.MAX_VALUE));
        String message = failed.cause().getMessage();
        assertTrue(message.contains(files.get(0).path().toString()) && message.contains(files.get(2).path().toString())
                && message.contains("no usable snapshot of '" + pid + "'"), message);
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredAndRemoved() throws IOException {
        Path leftOver = Files.write(pidDir().resolve(".snapshot-60-crashed.tmp"), new byte[] {42});
        assertEquals(saved.get(4), store.latest(pid).metadata());
        assertTrue(Files.notExists(leftOver));
    }

    @Test
    void persistenceIdsNeverEscapeTheSnapshotDirectory() {
        for (String id : List.of("../../escape", "a/b\\c", ".", "x".repeat(300), "ünïcødé 名前")) {
            store.saved(id, 1, "snapshot of " + id);
            assertEquals("snapshot of " + id, store.latest(id).snapshot());
            Path idDir = new SnapshotDirectory(dir.resolve("snapshots")).of(id);
            assertEquals(dir.resolve("snapshots").toAbsolutePath(), idDir.getParent());
            assertTrue(idDir.getFileName().toString().length() <= 200, idDir.toString());
        }
    }
}
