package io.sabot.actors.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A file that appears under its name only when complete: written to a hidden temporary file
 * beside the target, flushed to disk (fsync), then renamed atomically; the directory is synced
 * so the rename survives a crash. {@link #abort()} removes the temporary file.
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

    /** An error that names the target file and says what went wrong ("No space left on device", …). */
    public IOException failure(String action, IOException cause) {
        return failure(target, action, cause);
    }

    static IOException failure(Path file, String action, IOException cause) {
        String reason;
        if (cause instanceof java.nio.file.AccessDeniedException denied) {
            reason = "permission denied on " + denied.getFile();
        } else if (cause instanceof java.nio.file.FileSystemException fs) {
            reason = (fs.getReason() != null ? fs.getReason() : cause.getClass().getSimpleName()) + " (" + fs.getFile() + ")";
        } else {
            reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        }
        return new IOException(action + " " + file + ": " + reason, cause);
    }

    public static AtomicFile create(Path target) throws IOException {
        return new AtomicFile(target);
    }

    /** Where to write the contents. */
    public FileChannel channel() {
        return channel;
    }

    /** Makes the written contents durable and visible under the target name. */
    public void commit() throws IOException {
        try {
            channel.force(true);
            channel.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
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
}
