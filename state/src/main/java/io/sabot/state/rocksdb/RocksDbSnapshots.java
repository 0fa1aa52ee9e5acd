package io.sabot.state.rocksdb;

import io.sabot.state.files.FileTrees;
import io.sabot.state.backend.CorruptSnapshotException;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.SnapshotWriter;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.files.AtomicFile;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.serialization.BytesInput;
import io.sabot.state.serialization.BytesOutput;
import io.sabot.state.snapshot.SnapshotMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;

/**
 * Snapshots of a RocksDB instance from its native checkpoints, incremental as in Flink: SST files
 * are immutable, so each is copied to the checkpoint storage's {@code shared/} directory once and
 * referenced by every later snapshot that still contains it; only the small files (MANIFEST,
 * CURRENT, OPTIONS) are copied each time. Every file's CRC32C is recorded in the snapshot's
 * manifest and verified when it is restored.
 */
final class RocksDbSnapshots {

    static final String MANIFEST = "SNAPSHOT-MANIFEST";
    private static final int MAGIC = 0x5AB07D81;

    /** A file of a snapshot: its name in the instance, where it is stored (relative to the snapshot dir), size and CRC32C. */
    record StoredFile(String name, String location, long size, int crc) {}

    /** A snapshot's manifest: state metadata and files. */
    record Manifest(SnapshotMetadata metadata, List<StoredFile> files) {}

    private final Map<String, StoredFile> shared = new HashMap<>(); // SST name -> already uploaded copy

    /**
     * Remembers the SST files of a restored snapshot so later snapshots into the same storage
     * reference instead of copying them.
     */
    synchronized void remember(Path snapshotDirectory, Manifest manifest) {
        for (StoredFile file : manifest.files()) {
            if (file.name().endsWith(".sst")) {
                shared.put(file.name(), new StoredFile(file.name(),
                        snapshotDirectory.resolve(file.location()).normalize().toString(), file.size(), file.crc()));
            }
        }
    }

    /**
     * Takes the native checkpoint now (hard links: fast) and returns the writer that copies it to
     * {@code directory}.
     */
    SnapshotWriter snapshot(RocksDbInstance instance, List<ColumnFamilyHandle> families, long checkpointId,
                            Path directory, KeyGroupRange range, SnapshotMetadata metadata) throws IOException {
        Path local = instance.directory().resolveSibling(instance.directory().getFileName() + "-checkpoint-"
                + checkpointId + "-" + UUID.randomUUID().toString().substring(0, 8));
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
             Checkpoint checkpoint = Checkpoint.create(instance.db())) {
            if (!families.isEmpty()) {
                instance.db().flush(flush, families);
            }
            checkpoint.createCheckpoint(local.toString());
        } catch (RocksDBException e) {
            throw RocksDbInstance.error("cannot take a RocksDB checkpoint of " + instance.directory(), e);
        }
        Path base = directory.toAbsolutePath().normalize(); // as remembered locations are: compared by name
        Path target = base.resolve("keyed-" + range.startKeyGroup() + "-" + range.endKeyGroup() + ".rocksdb");
        Path sharedDirectory = base.getParent().resolve("shared");
        return () -> {
            Map<String, StoredFile> uploaded = new HashMap<>();
            Path copying = null;
            try {
                Files.createDirectories(target);
                Files.createDirectories(sharedDirectory);
                List<StoredFile> files = new ArrayList<>();
                try (Stream<Path> listing = Files.list(local)) {
                    for (Path file : listing.sorted().toList()) {
                        String name = file.getFileName().toString();
                        long size = Files.size(file);
                        StoredFile known;
                        synchronized (this) {
                            known = shared.get(name);
                        }
                        // Only files in this storage's own shared directory are referenced: a snapshot
                        // restored from elsewhere (a savepoint) is never claimed, and never deleted by
                        // this job's retention (Flink's NO_CLAIM restore mode).
                        if (name.endsWith(".sst") && known != null && known.size() == size
                                && Path.of(known.location()).startsWith(sharedDirectory)) {
                            files.add(new StoredFile(name, target.relativize(Path.of(known.location())).toString(), size, known.crc()));
                        } else if (name.endsWith(".sst")) {
                            Path copy = sharedDirectory.resolve(UUID.randomUUID() + "-" + name);
                            copying = copy;
                            int crc = copyWithCrc(file, copy);
                            copying = null;
                            files.add(new StoredFile(name, target.relativize(copy).toString(), size, crc));
                            uploaded.put(name, new StoredFile(name, copy.toString(), size, crc));
                        } else {
                            files.add(new StoredFile(name, name, size, copyWithCrc(file, target.resolve(name))));
                        }
                    }
                }
                writeManifest(target.resolve(MANIFEST), new Manifest(metadata, files));
                synchronized (this) {
                    shared.putAll(uploaded);
                }
                return new SnapshotHandle(StateBackendKind.ROCKSDB, checkpointId, range, target);
            } catch (IOException | RuntimeException e) {
                // Remove what this snapshot wrote; files of earlier snapshots stay intact.
                FileTrees.deleteRecursively(target);
                for (StoredFile file : uploaded.values()) {
                    Files.deleteIfExists(Path.of(file.location()));
                }
                if (copying != null) {
                    Files.deleteIfExists(copying);
                }
                throw e;
            } finally {
                FileTrees.deleteRecursively(local);
            }
        };
    }

    /** Copies the files of snapshot {@code handle} into {@code into}, verifying every checksum. */
    static Manifest download(SnapshotHandle handle, Path into) throws IOException {
        Manifest manifest = readManifest(handle.path().resolve(MANIFEST));
        Files.createDirectories(into);
        for (StoredFile file : manifest.files()) {
            Path source = handle.path().resolve(file.location()).normalize();
            if (!Files.exists(source)) {
                throw new CorruptSnapshotException(source, "a file of snapshot " + handle.path() + " is missing");
            }
            int crc = copyWithCrc(source, into.resolve(file.name()));
            if (crc != file.crc() || Files.size(source) != file.size()) {
                throw new CorruptSnapshotException(source, "its checksum or size does not match the snapshot manifest");
            }
        }
        return manifest;
    }

    private static int copyWithCrc(Path source, Path target) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(source);
             FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                crc.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
            out.flush();
            channel.force(true);
        }
        return (int) crc.getValue();
    }

    private static void writeManifest(Path path, Manifest manifest) throws IOException {
        BytesOutput out = new BytesOutput(1024);
        out.writeInt(MAGIC);
        byte[] metadata = manifest.metadata().toBytes();
        out.writeInt(metadata.length);
        out.write(metadata);
        out.writeInt(manifest.files().size());
        for (StoredFile file : manifest.files()) {
            out.writeUTF(file.name());
            out.writeUTF(file.location());
            out.writeLong(file.size());
            out.writeInt(file.crc());
        }
        CRC32C crc = new CRC32C();
        crc.update(out.buffer(), 0, out.length());
        out.writeInt((int) crc.getValue());
        AtomicFile.write(path, Arrays.copyOf(out.buffer(), out.length()));
    }

    /** The files of snapshot {@code handle}: its manifest and every file it lists (in its directory or shared). */
    static List<Path> files(SnapshotHandle handle) throws IOException {
        Manifest manifest = readManifest(handle.path().resolve(MANIFEST));
        List<Path> files = new ArrayList<>();
        files.add(handle.path().resolve(MANIFEST));
        for (StoredFile file : manifest.files()) {
            files.add(handle.path().resolve(file.location()).normalize());
        }
        return files;
    }

    /** Checks that the manifest is intact and every file it lists is there with its size (RocksDB checks the contents). */
    static void verify(SnapshotHandle handle) throws IOException {
        Manifest manifest = readManifest(handle.path().resolve(MANIFEST));
        for (StoredFile file : manifest.files()) {
            Path stored = handle.path().resolve(file.location()).normalize();
            if (!Files.exists(stored) || Files.size(stored) != file.size()) {
                throw new CorruptSnapshotException(stored, "a file of snapshot " + handle.path()
                        + " is missing or has another size than its manifest says");
            }
        }
    }

    static Manifest readManifest(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CorruptSnapshotException(path, "the snapshot manifest is missing");
        }
        if (bytes.length < 12) {
            throw new CorruptSnapshotException(path, "the manifest is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new CorruptSnapshotException(path, "the manifest checksum does not match");
        }
        BytesInput in = new BytesInput(bytes, 0, bytes.length - 4);
        if (in.readInt() != MAGIC) {
            throw new CorruptSnapshotException(path, "not a Sabot RocksDB snapshot manifest");
        }
        byte[] metadata = new byte[in.readInt()];
        in.readFully(metadata);
        int count = in.readInt();
        List<StoredFile> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(new StoredFile(in.readUTF(), in.readUTF(), in.readLong(), in.readInt()));
        }
        return new Manifest(SnapshotMetadata.fromBytes(metadata), files);
    }
}
