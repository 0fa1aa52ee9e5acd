package io.sabot.persistence.snapshot;

import io.sabot.persistence.PekkoSerialization;
import io.sabot.persistence.SerializedValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;

/**
 * A snapshot file of an {@link ArrowTableSnapshot}: a plain Arrow IPC file with one record batch.
 * What the snapshot is (persistence id, sequence number, timestamp, Pekko's snapshot metadata,
 * serialized and base64-encoded) travels in the schema's custom metadata under {@code sabot.snapshot.*}
 * keys, which loading removes again.
 */
final class ArrowSnapshotCodec {

    private static final String KEY_PREFIX = "sabot.snapshot.";
    private static final String PERSISTENCE_ID = KEY_PREFIX + "persistence-id";
    private static final String SEQUENCE_NR = KEY_PREFIX + "sequence-nr";
    private static final String TIMESTAMP = KEY_PREFIX + "timestamp";
    private static final String METADATA = KEY_PREFIX + "metadata";

    private final PekkoSerialization serialization;
    private final ActorSystem system;

    /** Arrow memory is looked up on first load: an application without Arrow snapshots never starts it. */
    ArrowSnapshotCodec(PekkoSerialization serialization, ActorSystem system) {
        this.serialization = serialization;
        this.system = system;
    }

    /** Writes the table with the snapshot's identity in its schema; does not close it. */
    SnapshotDirectory.ContentWriter writer(SnapshotMetadata metadata, ArrowTableSnapshot snapshot) {
        VectorSchemaRoot table = snapshot.table();
        Map<String, String> custom = new HashMap<>();
        if (table.getSchema().getCustomMetadata() != null) {
            custom.putAll(table.getSchema().getCustomMetadata());
        }
        custom.put(PERSISTENCE_ID, metadata.persistenceId());
        custom.put(SEQUENCE_NR, Long.toString(metadata.sequenceNr()));
        custom.put(TIMESTAMP, Long.toString(metadata.timestamp()));
        SerializedValue meta = serialization.withTransportInformation(() -> serialization.serialize(metadata.metadata()));
        if (meta != null) {
            custom.put(METADATA, Base64.getEncoder().encodeToString(meta.toBytes()));
        }
        // A view over the same vectors with the extended schema; the writer never closes a root.
        VectorSchemaRoot view = new VectorSchemaRoot(new Schema(table.getSchema().getFields(), custom),
                table.getFieldVectors(), table.getRowCount());
        return out -> {
            try (ArrowFileWriter writer = new ArrowFileWriter(view, new DictionaryProvider.MapDictionaryProvider(), out)) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
        };
    }

    SelectedSnapshot read(SnapshotFile file, String persistenceId) throws IOException {
        file.checkChecksum(ChecksumChannel.of(file.path()));
        BufferAllocator allocator = ArrowSnapshotMemory.get(system).newAllocator(file.path().toString());
        List<FieldVector> moved = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot read = reader.getVectorSchemaRoot();
            Map<String, String> custom = new HashMap<>(read.getSchema().getCustomMetadata());
            String idInFile = custom.remove(PERSISTENCE_ID);
            String sequenceNr = custom.remove(SEQUENCE_NR);
            String timestamp = custom.remove(TIMESTAMP);
            String meta = custom.remove(METADATA);
            if (idInFile == null || sequenceNr == null || timestamp == null) {
                throw new CorruptSnapshotException(file.path(), "its schema lacks the sabot.snapshot keys");
            }
            file.checkHolds(idInFile, Long.parseLong(sequenceNr), Long.parseLong(timestamp), persistenceId);
            if (reader.getRecordBlocks().size() != 1 || !reader.loadNextBatch()) {
                throw new CorruptSnapshotException(file.path(), "it holds " + reader.getRecordBlocks().size()
                        + " record batches, not 1");
            }
            for (FieldVector vector : read.getFieldVectors()) {
                var transfer = vector.getTransferPair(allocator);
                transfer.transfer();
                moved.add((FieldVector) transfer.getTo());
            }
            VectorSchemaRoot table = new VectorSchemaRoot(new Schema(read.getSchema().getFields(), custom), moved,
                    read.getRowCount());
            SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, file.sequenceNr(), file.timestamp(),
                    serialization.deserializeOptional(meta == null ? null
                            : SerializedValue.readFrom(ByteBuffer.wrap(Base64.getDecoder().decode(meta)))));
            return SelectedSnapshot.create(metadata, ArrowTableSnapshot.loaded(table, allocator));
        } catch (IOException | RuntimeException e) {
            moved.forEach(FieldVector::close);
            allocator.close();
            throw e;
        }
    }
}
