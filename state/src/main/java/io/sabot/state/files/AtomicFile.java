package io.sabot.state.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The one durable write of Sabot's streaming side (sinks, snapshot files, manifests, exports): a
 * file that appears under its name only when complete. It is written to a hidden temporary file
 * beside the target, forced to disk (fsync), renamed atomically over the target, and the directory
 * is forced too, so the rename itself survives a crash. Whatever happens, a reader finds either the
 * old file or the complete new one, never a torn one; {@link #abort()} removes the temporary file.
 */
public final class AtomicFile {

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;

    private AtomicFile(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path parent = this.target.getParent();
        this.temporary = parent.resolve("." + target.getFileName() + ".inprogress-" + UUID.randomUUID().toString().substring(0, 8));
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

    /** Forces a directory's entries to disk: files created or renamed in it survive a crash. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
