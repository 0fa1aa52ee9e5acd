package io.sabot.state.transfer;

import io.sabot.state.backend.CorruptSnapshotException;
import io.sabot.state.backend.StateEntry;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.files.AtomicFile;
import io.sabot.state.keys.KeyType;
import io.sabot.state.snapshot.SnapshotMetadata;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The backend-neutral form of keyed state, for moving it between backends: an Arrow IPC file with
 * one row per entry — {@code key_group int32, key binary, state utf8, user_key binary (map states),
 * value binary} — and the states' metadata in the schema's custom metadata. Values keep their
 * stored form (TTL timestamps included), so export then import changes nothing.
 */
public final class StateExport {

    private static final String METADATA_KEY = "sabot.state.metadata";
    private static final int ROWS_PER_BATCH = 65_536;

    private StateExport() {}

    /** What an export file holds. */
    public record Contents(SnapshotMetadata metadata, List<StateEntry> entries) {}

    public static void write(Path file, KeyType keyType, int maxParallelism, List<StateMeta> metas,
                             List<StateEntry> entries) throws IOException {
        SnapshotMetadata metadata = new SnapshotMetadata(keyType, maxParallelism, metas);
        Schema schema = new Schema(List.of(
                new Field("key_group", FieldType.notNullable(new ArrowType.Int(32, true)), null),
                new Field("key", FieldType.notNullable(ArrowType.Binary.INSTANCE), null),
                new Field("state", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("user_key", FieldType.nullable(ArrowType.Binary.INSTANCE), null),
                new Field("value", FieldType.notNullable(ArrowType.Binary.INSTANCE), null)),
                Map.of(METADATA_KEY, Base64.getEncoder().encodeToString(metadata.toBytes())));
        AtomicFile output = AtomicFile.create(file);
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, output.channel())) {
            writer.start();
            IntVector keyGroups = (IntVector) root.getVector("key_group");
            VarBinaryVector keys = (VarBinaryVector) root.getVector("key");
            VarCharVector states = (VarCharVector) root.getVector("state");
            VarBinaryVector userKeys = (VarBinaryVector) root.getVector("user_key");
            VarBinaryVector values = (VarBinaryVector) root.getVector("value");
            int row = 0;
            root.allocateNew();
            for (StateEntry entry : entries) {
                keyGroups.setSafe(row, entry.keyGroup());
                keys.setSafe(row, entry.key());
                states.setSafe(row, entry.state().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (entry.userKey() == null) {
                    userKeys.setNull(row);
                } else {
                    userKeys.setSafe(row, entry.userKey());
                }
                values.setSafe(row, entry.value());
                if (++row == ROWS_PER_BATCH) {
                    root.setRowCount(row);
                    writer.writeBatch();
                    root.allocateNew();
                    row = 0;
                }
            }
            root.setRowCount(row);
            writer.writeBatch();
            writer.end();
            output.commit(); // before the writer closes the channel
        } catch (IOException | RuntimeException e) {
            output.abort();
            throw e;
        }
    }

    public static Contents read(Path file) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root;
            String encoded;
            try {
                root = reader.getVectorSchemaRoot();
                encoded = root.getSchema().getCustomMetadata().get(METADATA_KEY);
            } catch (RuntimeException | IOException e) {
                throw new CorruptSnapshotException(file, "not a readable Arrow IPC file (" + e.getMessage() + ")");
            }
            if (encoded == null) {
                throw new CorruptSnapshotException(file, "not a Sabot state export (no " + METADATA_KEY + ")");
            }
            SnapshotMetadata metadata = SnapshotMetadata.fromBytes(Base64.getDecoder().decode(encoded));
            List<StateEntry> entries = new ArrayList<>();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                IntVector keyGroups = (IntVector) root.getVector("key_group");
                VarBinaryVector keys = (VarBinaryVector) root.getVector("key");
                VarCharVector states = (VarCharVector) root.getVector("state");
                VarBinaryVector userKeys = (VarBinaryVector) root.getVector("user_key");
                VarBinaryVector values = (VarBinaryVector) root.getVector("value");
                for (int row = 0; row < root.getRowCount(); row++) {
                    entries.add(new StateEntry(states.getObject(row).toString(), keyGroups.get(row), keys.get(row),
                            userKeys.isNull(row) ? null : userKeys.get(row), values.get(row)));
                }
            }
            return new Contents(metadata, entries);
        } catch (NoSuchFileException e) {
            throw new CorruptSnapshotException(file, "the file is missing");
        }
    }
}
