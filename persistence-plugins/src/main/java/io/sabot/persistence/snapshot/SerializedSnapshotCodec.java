package io.sabot.persistence.snapshot;

import static io.sabot.persistence.SerializedValue.optionalSize;
import static io.sabot.persistence.SerializedValue.readOptional;
import static io.sabot.persistence.SerializedValue.readString;
import static io.sabot.persistence.SerializedValue.stringSize;
import static io.sabot.persistence.SerializedValue.writeOptional;
import static io.sabot.persistence.SerializedValue.writeString;

import io.sabot.persistence.PekkoSerialization;
import io.sabot.persistence.SerializedValue;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;

/**
 * A snapshot file of any object Pekko can serialize.
 *
 * <pre>
 * 8 bytes "SABOTSNP", byte format (1)
 * string persistence id, long sequence nr, long timestamp
 * value  snapshot                    (a {@link SerializedValue})
 * byte   0, or 1 and a value        the snapshot's metadata
 * </pre>
 */
final class SerializedSnapshotCodec {

    private static final byte[] MAGIC = "SABOTSNP".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT = 1;

    private final PekkoSerialization serialization;

    SerializedSnapshotCodec(PekkoSerialization serialization) {
        this.serialization = serialization;
    }

    /** The file content; serializing first means a snapshot that cannot be serialized leaves no file. */
    byte[] encode(SnapshotMetadata metadata, Object snapshot) {
        return serialization.withTransportInformation(() -> {
            SerializedValue payload = serialization.serialize(snapshot);
            SerializedValue meta = serialization.serialize(metadata.metadata());
            ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 1 + stringSize(metadata.persistenceId()) + 8 + 8
                    + payload.size() + optionalSize(meta));
            out.put(MAGIC).put(FORMAT);
            writeString(out, metadata.persistenceId());
            out.putLong(metadata.sequenceNr()).putLong(metadata.timestamp());
            payload.writeTo(out);
            writeOptional(out, meta);
            return out.array();
        });
    }

    SelectedSnapshot read(SnapshotFile file, String persistenceId) throws IOException {
        byte[] bytes = Files.readAllBytes(file.path());
        file.checkChecksum(ChecksumChannel.of(bytes));
        SerializedValue payload;
        SerializedValue meta;
        long sequenceNr;
        long timestamp;
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            byte format = in.get();
            if (!Arrays.equals(magic, MAGIC) || format != FORMAT) {
                throw new CorruptSnapshotException(file.path(), "it is not a snapshot file of format " + FORMAT);
            }
            String idInFile = readString(in);
            sequenceNr = in.getLong();
            timestamp = in.getLong();
            file.checkHolds(idInFile, sequenceNr, timestamp, persistenceId);
            payload = SerializedValue.readFrom(in);
            meta = readOptional(in);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new CorruptSnapshotException(file.path(), "it ends before its content does");
        }
        SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, sequenceNr, timestamp,
                serialization.deserializeOptional(meta));
        return SelectedSnapshot.create(metadata, serialization.deserialize(payload));
    }
}
