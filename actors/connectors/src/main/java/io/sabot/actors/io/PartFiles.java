package io.sabot.actors.io;

import io.sabot.actors.api.SinkContext;
import io.sabot.state.files.AtomicFile;
import io.sabot.state.files.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * target file, atomically, then deletes them: a restore that finds parts gone and the target there
 * knows the sink had finished, and finishes again without writing anything.
 *
 * <p>{@link #inDirectory} keeps the parts instead (Flink's file sink, a sink of several subtasks,
 * maybe on several nodes): subtask <i>s</i> commits part <i>n</i> as {@code <dir>/part-<s>-<n><suffix>},
 * stages in {@code <dir>/.part-<s>-parts/}, and finishing only removes that staging directory. A
 * restore deletes the subtask's parts that its checkpoint does not list (committed after it).
 */
public final class PartFiles {

    private static final int FINISHED = -1; // the part count of a sink whose target is written

    private final Path target;              // single-file mode: the file the parts become; else the output directory
    private final String committedPrefix;   // directory mode: "part-<subtask>-"; null: single file
    private final String committedSuffix;
    private final Path directory;
    private final boolean recoverable;
    private final TreeMap<Integer, Long> parts = new TreeMap<>(); // part -> checkpoint it is pending for (-1: committed)
    private FileChannel current;
    private int currentPart = -1;
    private boolean finished; // the target was written from the parts (restored after a crash at the very end)

    /** The parts of {@code target}: restored from {@code context}'s checkpoint, or a fresh start. */
    public PartFiles(Path target, SinkContext context) throws IOException {
        this(target.toAbsolutePath(), null, null,
                target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".parts"), context);
    }

    /**
     * The parts subtask {@code context.subtaskIndex()} keeps in {@code outputDirectory} as
     * {@code part-<subtask>-<n><suffix>}: restored from {@code context}'s checkpoint, or a fresh
     * start (which removes this subtask's parts of an earlier run).
     */
    public static PartFiles inDirectory(Path outputDirectory, String suffix, SinkContext context) throws IOException {
        Path absolute = outputDirectory.toAbsolutePath();
        Files.createDirectories(absolute);
        String prefix = "part-" + context.subtaskIndex() + "-";
        return new PartFiles(absolute, prefix, suffix, absolute.resolve("." + prefix + "parts"), context);
    }

    private PartFiles(Path target, String committedPrefix, String committedSuffix, Path directory, SinkContext context)
            throws IOException {
        this.target = target;
        this.committedPrefix = committedPrefix;
        this.committedSuffix = committedSuffix;
        this.directory = directory;
        this.recoverable = context.recoverable();
        if (context.isRestored() && context.restoredState() != null) {
            restore(context.restoredCheckpointId(), context.restoredState());
        } else {
            FileTrees.deleteRecursively(directory); // an earlier run's: its committed parts were never joined, it did not finish
            if (keepsParts()) {
                try (Stream<Path> files = Files.list(target)) {
                    for (Path old : files.filter(this::isCommittedPart).toList()) {
                        Files.delete(old);
                    }
                }
            }
            createDirectory();
        }
    }

    /** Directory mode: committed parts are the output. */
    public boolean keepsParts() {
        return committedPrefix != null;
    }

    private boolean isCommittedPart(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(committedPrefix) && name.endsWith(committedSuffix)
                && name.substring(committedPrefix.length(), name.length() - committedSuffix.length()).matches("[0-9]+");
    }

    /** Creates the parts directory, durably: its entry in the parent survives a crash. */
    private void createDirectory() throws IOException {
        Files.createDirectories(directory);
        AtomicFile.forceDirectory(directory.getParent());
    }

    /** The target file the parts become (directory mode: the output directory). */
    public Path target() {
        return target;
    }

    /** True before anything was written to any part (a CSV header goes first). */
    public boolean isEmpty() {
        return parts.isEmpty() && current == null;
    }

    /** The part being written, opened on first use. */
    public FileChannel channel() throws IOException {
        if (finished) {
            throw new IllegalStateException(target + " was written already: the restored checkpoint is the final one");
        }
        if (current == null) {
            currentPart = parts.isEmpty() ? 0 : parts.lastKey() + 1;
            current = FileChannel.open(inProgress(currentPart), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
        return current;
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
            out.writeInt(finished ? FINISHED : parts.size());
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
            AtomicFile.forceDirectory(keepsParts() ? target : directory);
        }
    }

    /** Writes the target file from the committed parts, in order (none: the empty output). */
    @FunctionalInterface
    public interface Joiner {
        void join(List<Path> parts, FileChannel target) throws IOException;
    }

    /**
     * After the final commit: makes the committed parts the target file, atomically (a single part
     * is renamed, several are joined by {@code joiner}), then removes the parts. Restored after a crash
     * before the parts were removed, it writes the same file; after, it finds the target written.
     */
    public void finish(Joiner joiner) throws IOException {
        if (finished) {
            return;
        }
        if (current != null) {
            throw new IllegalStateException("rows were written to " + target + " after its last pre-commit: the end of"
                    + " the input is a final checkpoint (preCommit, commit, then finish)");
        }
        List<Path> committed = committedParts();
        if (keepsParts()) {
            // nothing to join; a restore after this finds the staging directory gone and its parts in place
        } else if (committed.size() == 1) {
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
        FileTrees.deleteRecursively(directory);
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
                FileTrees.deleteRecursively(directory);
            }
        } catch (IOException ignored) {
            // the names mark them as incomplete; a restore or the next run removes them
        }
    }

    private void restore(long checkpointId, byte[] state) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int count = in.readInt();
            finished = count == FINISHED;
            for (int i = 0; i < count; i++) {
                parts.put(in.readInt(), in.readLong());
            }
        }
        if (!finished && !keepsParts() && Files.exists(target) && parts.entrySet().stream().anyMatch(part -> !Files.exists(committed(part.getKey()))
                && (part.getValue() == -1L || !Files.exists(pending(part.getKey(), part.getValue()))))) {
            finished = true; // finish() wrote the target, then started deleting the parts: the crash came after
        }
        if (finished) {
            parts.clear();
            FileTrees.deleteRecursively(directory);
            return;
        }
        createDirectory();
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
        if (keepsParts()) {
            try (Stream<Path> files = Files.list(target)) {
                for (Path file : files.filter(this::isCommittedPart).toList()) {
                    if (!keep.contains(file)) {
                        Files.delete(file); // committed by a checkpoint after the restored one (an older restore)
                    }
                }
            }
            AtomicFile.forceDirectory(target);
        }
    }

    private Path inProgress(int part) {
        return directory.resolve(String.format("part-%05d.inprogress", part));
    }

    private Path pending(int part, long checkpointId) {
        return directory.resolve(String.format("part-%05d.pending-%d", part, checkpointId));
    }

    private Path committed(int part) {
        return keepsParts() ? target.resolve(committedPrefix + part + committedSuffix)
                : directory.resolve(String.format("part-%05d", part));
    }
}
