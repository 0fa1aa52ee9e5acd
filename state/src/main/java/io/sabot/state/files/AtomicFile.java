package io.sabot.state.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one durable write of Sabot's streaming side (sinks, snapshot files, manifests, exports): a
 * file that appears under its name only when complete. It is written to a hidden temporary file
 * beside the target, forced to disk (fsync), renamed atomically over the target, and the directory
 * is forced too, so the rename itself survives a crash. Whatever happens, a reader finds either the
 * old file or the complete new one, never a torn one; {@link #abort()} removes the temporary file.
 *
 * <p>The temporary file is named {@code .<name>.inprogress-<pid>-<random>}: the id of the process
 * writing it, so that one killed mid-write (SIGKILL, power loss) can be told apart from one still
 * being written, and removed later ({@link #removeAbandoned}).
 */
public final class AtomicFile {

    private static final String TEMPORARY = ".inprogress-";

    /**
     * How much earlier than its last write a process must have started to be taken for another one
     * that reuses the writer's id; the start time the system reports may be late by a second or so.
     */
    private static final Duration START_TIME_SLACK = Duration.ofSeconds(10);

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;

    private AtomicFile(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path parent = this.target.getParent();
        this.temporary = parent.resolve("." + target.getFileName() + TEMPORARY + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(parent);
            this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure("cannot create", e);
        }
    }

    /** Starts writing {@code target} (creating its directory if needed). */
    public static AtomicFile create(Path target) throws IOException {
        return new AtomicFile(target);
    }

    /** Writes {@code bytes} as the whole of {@code target}, durably and atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        AtomicFile file = create(target);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                file.channel.write(buffer);
            }
        } catch (IOException e) {
            file.abort();
            throw file.failure("cannot write", e);
        }
        file.commit();
    }

    /** An error that names the target file and says what went wrong ("No space left on device", …). */
    public IOException failure(String action, IOException cause) {
        return failure(target, action, cause);
    }

    /** An error that names {@code file} and says what went wrong. */
    public static IOException failure(Path file, String action, IOException cause) {
        String reason;
        if (cause instanceof AccessDeniedException denied) {
            reason = "permission denied on " + denied.getFile();
        } else if (cause instanceof FileSystemException fs) {
            reason = (fs.getReason() != null ? fs.getReason() : cause.getClass().getSimpleName()) + " (" + fs.getFile() + ")";
        } else {
            reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        }
        return new IOException(action + " " + file + ": " + reason, cause);
    }

    /** Where to write the contents. */
    public FileChannel channel() {
        return channel;
    }

    /** The file it will become. */
    public Path target() {
        return target;
    }

    /** Makes the written contents durable and visible under the target name. */
    public void commit() throws IOException {
        try {
            channel.force(true);
            channel.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(target.getParent());
        } catch (IOException e) {
            abort();
            throw failure("cannot complete", e);
        }
    }

    /** Drops what was written; never throws. */
    public void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // nothing more can be done; the name marks it as incomplete
        }
    }

    /**
     * Deletes the temporary files of {@code target} that their writers abandoned: processes killed
     * mid-write, whose id (in the file's name) no running process has, or has only since a process
     * started after the file's last write (the id was reused: a container's JVM is often process 1).
     * A temporary file a running writer may still own stays, and so do files of other names. Only
     * processes of this machine are seen: do not call it on a directory that writers on other
     * machines share.
     *
     * @return the files deleted
     */
    public static int removeAbandoned(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        Pattern temporary = Pattern.compile(Pattern.quote("." + absolute.getFileName() + TEMPORARY) + "(\\d{1,18})-[0-9a-f]{8}");
        int deleted = 0;
        try (Stream<Path> files = Files.list(parent)) {
            for (Path file : files.toList()) {
                Matcher name = temporary.matcher(file.getFileName().toString());
                if (name.matches() && !mayBeWriting(Long.parseLong(name.group(1)), file) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** True if process {@code pid} is running and may have written {@code file} (it started before the last write). */
    private static boolean mayBeWriting(long pid, Path file) throws IOException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        FileTime written;
        try {
            written = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return true; // its writer just committed or aborted it: nothing to remove
        }
        return started.isEmpty() || !started.get().isAfter(written.toInstant().plus(START_TIME_SLACK));
    }

    /** Forces a directory's entries to disk: files created or renamed in it survive a crash. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
