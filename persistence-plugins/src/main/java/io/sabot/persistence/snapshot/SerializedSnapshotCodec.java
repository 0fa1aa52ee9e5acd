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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;

/**
 * A snapshot file of any object Pekko can serialize, and of a {@link SnapshotWithFiles}.
 *
 * <pre>
 * 8 bytes "SABOTSNP", byte format (1; 2 with files)
 * string persistence id, long sequence nr, long timestamp
 * value  snapshot                    (a {@link SerializedValue})
 * byte   0, or 1 and a value        the snapshot's metadata
 * format 2: int n, then n times string path, long size   the files it needs (relative to the file directory)
 * </pre>
 */
final class SerializedSnapshotCodec {

    private static final byte[] MAGIC = "SABOTSNP".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT = 1;
    private static final byte FORMAT_WITH_FILES = 2;

    /** A file a snapshot needs, and its size when the snapshot was saved. */
    private record NeededFile(String path, long size) {}

    /** What a snapshot file holds, before the snapshot is deserialized. */
    private record Parsed(long sequenceNr, long timestamp, SerializedValue payload, SerializedValue meta,
                          List<NeededFile> files, boolean withFiles) {}

    private final PekkoSerialization serialization;

    SerializedSnapshotCodec(PekkoSerialization serialization) {
        this.serialization = serialization;
    }

    /**
     * The file content; serializing first means a snapshot that cannot be serialized leaves no file.
     * The files a {@link SnapshotWithFiles} lists must be in {@code filesDirectory} already.
     */
    byte[] encode(SnapshotMetadata metadata, Object snapshot, Path filesDirectory) throws IOException {
        boolean withFiles = snapshot instanceof SnapshotWithFiles;
        List<NeededFile> files = new ArrayList<>();
        if (snapshot instanceof SnapshotWithFiles needing) {
            for (String file : needing.files()) {
                try {
                    files.add(new NeededFile(file, Files.size(filesDirectory.resolve(file))));
                } catch (NoSuchFileException e) {
                    throw new IOException("snapshot " + metadata.sequenceNr() + " of '" + metadata.persistenceId()
                            + "' needs " + filesDirectory.resolve(file) + ", which is not there", e);
                }
            }
        }
        Object content = snapshot instanceof SnapshotWithFiles needing ? needing.snapshot() : snapshot;
        return serialization.withTransportInformation(() -> {
            SerializedValue payload = serialization.serialize(content);
            SerializedValue meta = serialization.serialize(metadata.metadata());
            int filesSize = withFiles ? 4 + files.stream().mapToInt(f -> stringSize(f.path()) + 8).sum() : 0;
            ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 1 + stringSize(metadata.persistenceId()) + 8 + 8
                    + payload.size() + optionalSize(meta) + filesSize);
            out.put(MAGIC).put(withFiles ? FORMAT_WITH_FILES : FORMAT);
            writeString(out, metadata.persistenceId());
            out.putLong(metadata.sequenceNr()).putLong(metadata.timestamp());
            payload.writeTo(out);
            writeOptional(out, meta);
            if (withFiles) {
                out.putInt(files.size());
                for (NeededFile file : files) {
                    writeString(out, file.path());
                    out.putLong(file.size());
                }
            }
            return out.array();
        });
    }

    /**
     * Reads a snapshot; one with files is checked against {@code filesDirectory}: a file missing or of
     * another size than when it was saved makes it a damaged snapshot.
     */
    SelectedSnapshot read(SnapshotFile file, String persistenceId, Path filesDirectory) throws IOException {
        Parsed parsed = parse(file, persistenceId);
        for (NeededFile needed : parsed.files()) {
            Path path = filesDirectory.resolve(needed.path());
            long size;
            try {
                size = Files.size(path);
            } catch (NoSuchFileException e) {
                throw new CorruptSnapshotException(file.path(), "it needs " + path + ", which is missing");
            }
            if (size != needed.size()) {
                throw new CorruptSnapshotException(file.path(), "it needs " + path + " of " + needed.size()
                        + " bytes, which has " + size);
            }
        }
        SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, parsed.sequenceNr(), parsed.timestamp(),
                serialization.deserializeOptional(parsed.meta()));
        Object snapshot = serialization.deserialize(parsed.payload());
        return SelectedSnapshot.create(metadata, parsed.withFiles()
                ? new SnapshotWithFiles(snapshot, parsed.files().stream().map(NeededFile::path).toList()) : snapshot);
    }

    /** The files a snapshot file lists (relative to the file directory); none for a snapshot without files. */
    List<String> files(SnapshotFile file, String persistenceId) throws IOException {
        return parse(file, persistenceId).files().stream().map(NeededFile::path).toList();
    }

    private Parsed parse(SnapshotFile file, String persistenceId) throws IOException {
        byte[] bytes = Files.readAllBytes(file.path());
        file.checkChecksum(ChecksumChannel.of(bytes));
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            byte format = in.get();
            if (!Arrays.equals(magic, MAGIC) || (format != FORMAT && format != FORMAT_WITH_FILES)) {
                throw new CorruptSnapshotException(file.path(), "it is not a snapshot file of format " + FORMAT
                        + " or " + FORMAT_WITH_FILES);
            }
            String idInFile = readString(in);
            long sequenceNr = in.getLong();
            long timestamp = in.getLong();
            file.checkHolds(idInFile, sequenceNr, timestamp, persistenceId);
            SerializedValue payload = SerializedValue.readFrom(in);
            SerializedValue meta = readOptional(in);
            List<NeededFile> files = new ArrayList<>();
            if (format == FORMAT_WITH_FILES) {
                int count = in.getInt();
                for (int i = 0; i < count; i++) {
                    files.add(new NeededFile(readString(in), in.getLong()));
                }
            }
            return new Parsed(sequenceNr, timestamp, payload, meta, files, format == FORMAT_WITH_FILES);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new CorruptSnapshotException(file.path(), "it ends before its content does");
        }
    }
}
