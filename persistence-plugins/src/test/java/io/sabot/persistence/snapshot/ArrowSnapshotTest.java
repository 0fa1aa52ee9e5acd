package io.sabot.persistence.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.persistence.testing.PluginConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrow-shaped state (an {@link ArrowTableSnapshot}) is stored as a plain Arrow IPC file that any
 * Arrow reader opens, comes back column for column, and moves its memory as documented: the store
 * frees a saved table, the receiver frees a loaded one.
 */
class ArrowSnapshotTest {

    @TempDir
    Path dir;
    private ActorSystem system;
    private SnapshotClient store;
    private BufferAllocator allocator;

    @BeforeEach
    void start() {
        system = ActorSystem.create("arrow-snapshots", PluginConfig.in(dir));
        store = new SnapshotClient(system);
        allocator = new RootAllocator();
    }

    @AfterEach
    void stop() {
        TestKit.shutdownActorSystem(system);
        allocator.close(); // fails the test if a table was not freed
    }

    /** Per-symbol state as columns: symbol, EWMA of the mid price, count of quotes. */
    private VectorSchemaRoot state(int symbols) {
        VarCharVector symbol = new VarCharVector("symbol", allocator);
        Float8Vector ewma = new Float8Vector("mid_ewma", allocator);
        BigIntVector count = new BigIntVector("count", allocator);
        for (int i = 0; i < symbols; i++) {
            symbol.setSafe(i, ("SYM" + i).getBytes(StandardCharsets.UTF_8));
            ewma.setSafe(i, 100.0 + i / 8.0);
            count.setSafe(i, i * 3L);
        }
        List<FieldVector> columns = List.of(symbol, ewma, count);
        columns.forEach(v -> v.setValueCount(symbols));
        VectorSchemaRoot table = new VectorSchemaRoot(columns);
        Schema withMetadata = new Schema(table.getSchema().getFields(), Map.of("kernel", "ewma(0.06)"));
        return new VectorSchemaRoot(withMetadata, columns, symbols);
    }

    @Test
    void anArrowTableIsSavedAsAnArrowIpcFileAndLoadedBackColumnForColumn() throws IOException {
        String expected;
        try (VectorSchemaRoot reference = state(1000)) {
            expected = reference.contentToTSVString();
        }
        store.saved("agent-1", 42, ArrowTableSnapshot.of(state(1000)));
        assertEquals(0, allocator.getAllocatedMemory(), "the store freed the saved table");

        SnapshotFile file = new SnapshotDirectory(dir.resolve("snapshots")).list("agent-1").get(0);
        assertTrue(file.path().getFileName().toString().endsWith(".arrow"), file.path().toString());
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
                BufferAllocator readerMemory = new RootAllocator();
                ArrowFileReader reader = new ArrowFileReader(channel, readerMemory)) {
            assertTrue(reader.loadNextBatch());
            assertEquals(expected, reader.getVectorSchemaRoot().contentToTSVString(), "a plain Arrow reader sees the table");
            assertEquals("agent-1", reader.getVectorSchemaRoot().getSchema().getCustomMetadata()
                    .get("sabot.snapshot.persistence-id"));
        }

        SelectedSnapshot loaded = store.latest("agent-1");
        assertEquals(42, loaded.metadata().sequenceNr());
        try (ArrowTableSnapshot table = assertInstanceOf(ArrowTableSnapshot.class, loaded.snapshot())) {
            assertEquals(expected, table.table().contentToTSVString());
            assertEquals(Map.of("kernel", "ewma(0.06)"), table.table().getSchema().getCustomMetadata(),
                    "the application's schema metadata comes back, the store's keys do not");
            assertTrue(ArrowSnapshotMemory.get(system).allocatedBytes() > 0);
        }
        assertEquals(0, ArrowSnapshotMemory.get(system).allocatedBytes(), "closing the loaded table frees it");
    }

    @Test
    void aCorruptArrowSnapshotFallsBackToTheOlderSnapshotWhateverItsFormat() throws IOException {
        store.saved("agent-2", 10, "serialized state at 10");
        store.saved("agent-2", 20, ArrowTableSnapshot.of(state(50)));
        SnapshotFile arrowFile = new SnapshotDirectory(dir.resolve("snapshots")).list("agent-2").get(0);
        try (RandomAccessFile file = new RandomAccessFile(arrowFile.path().toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        SelectedSnapshot loaded = store.latest("agent-2");
        assertEquals(10, loaded.metadata().sequenceNr());
        assertEquals("serialized state at 10", loaded.snapshot());
    }

    @Test
    void arrowSnapshotsKeepPekkoMetadata() {
        store.save(SnapshotMetadata.apply("agent-3", 5).withMetadata("replica-a"), ArrowTableSnapshot.of(state(3)));
        SelectedSnapshot loaded = store.latest("agent-3");
        try (ArrowTableSnapshot table = (ArrowTableSnapshot) loaded.snapshot()) {
            assertEquals("replica-a", loaded.metadata().metadata().get());
            assertEquals(3, table.table().getRowCount());
        }
    }
}
