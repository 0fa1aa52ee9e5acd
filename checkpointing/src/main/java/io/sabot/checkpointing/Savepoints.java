package io.sabot.checkpointing;

import io.sabot.state.StateBackends;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.files.AtomicFile;
import io.sabot.state.files.FileTrees;
import io.sabot.state.keygroups.KeyGroupRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Savepoints (Flink's): a completed checkpoint copied into a directory of its own, self-contained
 * and owned by the user. Nothing of a job ever deletes it, it does not depend on the checkpoint
 * directory it came from, and a job started from it (also at another parallelism) takes the same
 * restore path as from a checkpoint.
 *
 * <pre>
 *   savepoint-&lt;job&gt;-&lt;id&gt;-&lt;time&gt;/_metadata                  the checkpoint record and every task's snapshot, CRC32C at the end
 *   savepoint-&lt;job&gt;-&lt;id&gt;-&lt;time&gt;/&lt;vertex&gt;-&lt;subtask&gt;/...    the task's keyed state files, laid out as in its checkpoint directory
 * </pre>
 *
 * Keyed state files keep their own checksums (verified when the savepoint is read); a savepoint
 * appears under its name only when complete (written beside it, then renamed).
 */
public final class Savepoints {

    static final String METADATA = "_metadata";
    private static final int MAGIC = 0x5AB05AF3;
    private static final int VERSION = 1;
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private Savepoints() {}

    /**
     * Copies {@code checkpoint} and its task snapshots into a new directory under {@code parent} and
     * returns it; a directory of that name must not exist yet.
     */
    public static Path write(Path parent, CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks) throws IOException {
        Path target = parent.toAbsolutePath().resolve(name(checkpoint));
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a savepoint is already there");
        }
        Path writing = target.resolveSibling("." + target.getFileName() + ".inprogress");
        FileTrees.deleteRecursively(writing); // left by a crash during an earlier attempt
        try {
            Files.createDirectories(writing);
            Map<String, TaskSnapshot> relative = new LinkedHashMap<>();
            for (String task : checkpoint.tasks()) { // in the record's order
                TaskSnapshot snapshot = tasks.get(task);
                if (snapshot == null) {
                    throw new IllegalArgumentException("checkpoint " + checkpoint.checkpointId() + " has no snapshot of task " + task);
                }
                relative.put(task, copy(task, snapshot, writing));
            }
            AtomicFile.write(writing.resolve(METADATA), encode(checkpoint, relative));
            Files.move(writing, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.forceDirectory(target.getParent());
            return target;
        } catch (IOException e) {
            FileTrees.deleteRecursively(writing);
            throw AtomicFile.failure(target, "cannot write savepoint", e);
        } catch (RuntimeException e) {
            FileTrees.deleteRecursively(writing);
            throw e;
        }
    }

    /** {@code savepoint-<job>-<checkpoint>-<UTC time it was triggered>}: a job run again from scratch numbers its checkpoints anew. */
    static String name(CompletedCheckpoint checkpoint) {
        return "savepoint-" + checkpoint.jobId() + "-" + checkpoint.checkpointId() + "-"
                + NAME_TIME.format(Instant.ofEpochMilli(checkpoint.timestamp()));
    }

    /**
     * Reads the savepoint in {@code directory}, every keyed state file verified; the handles point into
     * it. Throws naming the file when anything is missing or damaged.
     */
    public static CheckpointStorage.Restored read(Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Path metadata = root.resolve(METADATA);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(metadata);
        } catch (NoSuchFileException e) {
            throw new IOException(root + " is not a savepoint: it has no " + METADATA + " file", e);
        }
        CheckpointStorage.Restored restored = decode(bytes, root, metadata);
        for (TaskSnapshot snapshot : restored.tasks().values()) {
            for (SnapshotHandle handle : snapshot.keyedState()) {
                StateBackends.verify(handle);
            }
        }
        return restored;
    }

    /** Copies one task's keyed state files under {@code into/<task>/}; its handles become relative to {@code into}. */
    private static TaskSnapshot copy(String task, TaskSnapshot snapshot, Path into) throws IOException {
        Path taskDirectory = into.resolve(task.replace('/', '-'));
        List<SnapshotHandle> handles = new ArrayList<>();
        for (SnapshotHandle handle : snapshot.keyedState()) {
            // A handle is <task dir>/<snapshot dir>/<file or RocksDB dir>; RocksDB's shared SST files are
            // <task dir>/shared/, referenced relatively: keeping the layout under the task dir keeps them valid.
            Path source = handle.path().toAbsolutePath().normalize().getParent().getParent();
            for (Path file : StateBackends.snapshotFiles(handle)) {
                Path normalized = file.toAbsolutePath().normalize();
                if (!normalized.startsWith(source)) {
                    throw new IOException("snapshot file " + normalized + " of task " + task + " lies outside " + source);
                }
                Path copy = taskDirectory.resolve(source.relativize(normalized).toString());
                if (!Files.exists(copy)) { // a shared file two snapshots of the task use is copied once
                    Files.createDirectories(copy.getParent());
                    Files.copy(normalized, copy);
                    try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
            }
            handles.add(new SnapshotHandle(handle.kind(), handle.checkpointId(), handle.keyGroups(),
                    into.relativize(taskDirectory.resolve(source.relativize(handle.path().toAbsolutePath().normalize())
                            .toString()))));
        }
        try (Stream<Path> directories = Files.walk(taskDirectory)) {
            for (Path directory : directories.filter(Files::isDirectory).toList()) {
                AtomicFile.forceDirectory(directory);
            }
        } catch (NoSuchFileException e) {
            // no keyed state: nothing was copied
        }
        return new TaskSnapshot(snapshot.operatorState(), handles);
    }

    private static byte[] encode(CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(checkpoint.jobId());
        out.writeLong(checkpoint.checkpointId());
        out.writeLong(checkpoint.timestamp());
        out.writeBoolean(checkpoint.finalOne());
        out.writeInt(tasks.size());
        for (Map.Entry<String, TaskSnapshot> task : tasks.entrySet()) {
            out.writeUTF(task.getKey());
            byte[] state = task.getValue().operatorState();
            out.writeInt(state == null ? -1 : state.length);
            if (state != null) {
                out.write(state);
            }
            out.writeInt(task.getValue().keyedState().size());
            for (SnapshotHandle handle : task.getValue().keyedState()) {
                out.writeUTF(handle.kind().id());
                out.writeLong(handle.checkpointId());
                out.writeInt(handle.keyGroups().startKeyGroup());
                out.writeInt(handle.keyGroups().endKeyGroup());
                out.writeUTF(handle.path().toString().replace('\\', '/'));
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.toByteArray());
        out.writeInt((int) crc.getValue());
        return buffer.toByteArray();
    }

    private static CheckpointStorage.Restored decode(byte[] bytes, Path root, Path file) throws IOException {
        if (bytes.length < 12) {
            throw new IOException("savepoint metadata " + file + " is corrupt: only " + bytes.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xff) << 24) | ((bytes[bytes.length - 3] & 0xff) << 16)
                | ((bytes[bytes.length - 2] & 0xff) << 8) | (bytes[bytes.length - 1] & 0xff);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
        if (in.readInt() != MAGIC) {
            throw new IOException(file + " is not a Sabot savepoint's metadata");
        }
        if ((int) crc.getValue() != stored) {
            throw new IOException("savepoint metadata " + file + " is corrupt: its checksum does not match");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("savepoint metadata " + file + " has version " + version + "; this Sabot reads " + VERSION);
        }
        String jobId = in.readUTF();
        long checkpointId = in.readLong();
        long timestamp = in.readLong();
        boolean finalOne = in.readBoolean();
        int count = in.readInt();
        Map<String, TaskSnapshot> tasks = new LinkedHashMap<>();
        for (int t = 0; t < count; t++) {
            String task = in.readUTF();
            int length = in.readInt();
            byte[] state = length < 0 ? null : in.readNBytes(length);
            int handles = in.readInt();
            List<SnapshotHandle> keyed = new ArrayList<>();
            for (int h = 0; h < handles; h++) {
                StateBackendKind kind = StateBackendKind.parse(in.readUTF());
                long handleCheckpoint = in.readLong();
                KeyGroupRange range = new KeyGroupRange(in.readInt(), in.readInt());
                keyed.add(new SnapshotHandle(kind, handleCheckpoint, range, root.resolve(in.readUTF()).normalize()));
            }
            tasks.put(task, new TaskSnapshot(state, keyed));
        }
        CompletedCheckpoint checkpoint = new CompletedCheckpoint(jobId, checkpointId, timestamp, true, finalOne,
                List.copyOf(tasks.keySet()));
        return new CheckpointStorage.Restored(checkpoint, tasks, true);
    }
}
