package io.sabot.actors.io;

import io.sabot.actors.api.SinkContext;
import io.sabot.state.files.AtomicFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The output of a file sink committed in two phases over checkpoints (Flink's part files): what a
 * sink writes goes to a part file in a hidden directory beside its target, {@code .<name>.parts/}:
 *
 * <pre>
 *   part-00007.inprogress    being written; in no checkpoint yet
 *   part-00006.pending-12    closed and fsynced on barrier 12 (pre-committed), not yet committed
 *   part-00005               committed: checkpoint ≥ its own completed
 * </pre>
 *
 * A checkpoint keeps the names of every part written so far ({@link #preCommit}); a restore commits
 * the parts of the restored checkpoint and deletes every other file there (a later, uncompleted
 * checkpoint's, or one in progress). When the job ends, {@link #finish} makes the committed parts its
 * target file, atomically.
 */
public final class PartFiles {

    private final Path target;
    private final Path directory;
    private final boolean recoverable;
    private final TreeMap<Integer, Long> parts = new TreeMap<>(); // part -> checkpoint it is pending for (-1: committed)
    private FileChannel current;
    private int currentPart = -1;

    /** The parts of {@code target}: restored from {@code context}'s checkpoint, or a fresh start. */
    public PartFiles(Path target, SinkContext context) throws IOException {
        this.target = target.toAbsolutePath();
        this.directory = this.target.resolveSibling("." + this.target.getFileName() + ".parts");
        this.recoverable = context.recoverable();
        if (context.isRestored() && context.restoredState() != null) {
            restore(context.restoredCheckpointId(), context.restoredState());
        } else {
            deleteDirectory(); // what an earlier run left: its committed parts were never joined, it did not finish
            Files.createDirectories(directory);
        }
    }

    /** The target file the parts become. */
    public Path target() {
        return target;
    }

    /** True before anything was written to any part (a CSV header goes first). */
    public boolean isEmpty() {
        return parts.isEmpty() && current == null;
    }

    /** The part being written, opened on first use. */
    public FileChannel channel() throws IOException {
        if (current == null) {
            currentPart = parts.isEmpty() ? 0 : parts.lastKey() + 1;
            current = FileChannel.open(inProgress(currentPart), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
        return current;
    }

    /** True while a part is open: something was written since the last pre-commit. */
    public boolean hasOpenPart() {
        return current != null;
    }

    /**
     * Closes the part being written (forced to disk) as pending for checkpoint {@code checkpointId};
     * returns the checkpoint's state: every part and what it is pending for.
     */
    public byte[] preCommit(long checkpointId) throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
            current = null;
            Files.move(inProgress(currentPart), pending(currentPart, checkpointId), StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.forceDirectory(directory);
            parts.put(currentPart, checkpointId);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(parts.size());
            for (var part : parts.entrySet()) {
                out.writeInt(part.getKey());
                out.writeLong(part.getValue());
            }
        }
        return bytes.toByteArray();
    }

    /** Checkpoint {@code checkpointId} completed: every part pending for it or an earlier one is committed. */
    public void commit(long checkpointId) throws IOException {
        boolean renamed = false;
        for (var part : parts.entrySet()) {
            long pendingFor = part.getValue();
            if (pendingFor >= 0 && pendingFor <= checkpointId) {
                Files.move(pending(part.getKey(), pendingFor), committed(part.getKey()), StandardCopyOption.ATOMIC_MOVE);
                part.setValue(-1L);
                renamed = true;
            }
        }
        if (renamed) {
            AtomicFile.forceDirectory(directory);
        }
    }

    /** Writes the target file from the committed parts, in order (none: the empty output). */
    @FunctionalInterface
    public interface Joiner {
        void join(List<Path> parts, FileChannel target) throws IOException;
    }

    /**
     * After the final commit: makes the committed parts the target file, atomically (a single part
     * is renamed, several are joined by {@code joiner}), then removes the parts. Run again after a
     * crash half way, it writes the same file.
     */
    public void finish(Joiner joiner) throws IOException {
        if (current != null) {
            throw new IllegalStateException("rows were written to " + target + " after its last pre-commit: the end of"
                    + " the input is a final checkpoint (preCommit, commit, then finish)");
        }
        List<Path> committed = committedParts();
        if (committed.size() == 1) {
            Files.move(committed.get(0), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFile.forceDirectory(target.getParent());
        } else {
            AtomicFile file = AtomicFile.create(target);
            try {
                joiner.join(committed, file.channel());
            } catch (IOException e) {
                file.abort();
                throw file.failure("cannot write", e);
            } catch (RuntimeException e) {
                file.abort();
                throw e;
            }
            file.commit();
        }
        deleteDirectory();
    }

    /** The committed parts, in order; call after the final commit. */
    private List<Path> committedParts() {
        List<Path> committed = new ArrayList<>();
        for (var part : parts.entrySet()) {
            if (part.getValue() != -1L) {
                throw new IllegalStateException("part " + part.getKey() + " of " + target + " is not committed");
            }
            committed.add(committed(part.getKey()));
        }
        return committed;
    }

    /**
     * The job failed or was cancelled: drops the part being written; pre-committed parts stay for a
     * restore to decide about, unless checkpoints are not kept (then nothing can resume: all go).
     */
    public void abort() {
        try {
            if (current != null) {
                current.close();
                current = null;
                Files.deleteIfExists(inProgress(currentPart));
            }
            if (!recoverable) {
                deleteDirectory();
            }
        } catch (IOException ignored) {
            // the names mark them as incomplete; a restore or the next run removes them
        }
    }

    private void restore(long checkpointId, byte[] state) throws IOException {
        Files.createDirectories(directory);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                parts.put(in.readInt(), in.readLong());
            }
        }
        List<Path> keep = new ArrayList<>();
        for (var part : parts.entrySet()) {
            Path committed = committed(part.getKey());
            if (part.getValue() != -1L && !Files.exists(committed)) {
                Path pending = pending(part.getKey(), part.getValue());
                if (!Files.exists(pending)) {
                    throw new BadInputException(pending.toString(), 0, null, "a part of checkpoint " + checkpointId
                            + " is missing: the output cannot be restored");
                }
                Files.move(pending, committed, StandardCopyOption.ATOMIC_MOVE); // it is in a completed checkpoint
            }
            part.setValue(-1L);
            keep.add(committed);
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (!keep.contains(file)) {
                    Files.delete(file); // after the restored checkpoint: never committed
                }
            }
        }
        AtomicFile.forceDirectory(directory);
    }

    private void deleteDirectory() throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Path inProgress(int part) {
        return directory.resolve(String.format("part-%05d.inprogress", part));
    }

    private Path pending(int part, long checkpointId) {
        return directory.resolve(String.format("part-%05d.pending-%d", part, checkpointId));
    }

    private Path committed(int part) {
        return directory.resolve(String.format("part-%05d", part));
    }
}
