package io.sabot.persistence.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot directory: one sub-directory per persistence id, holding that id's snapshot files
 * ({@link SnapshotFile}) and, in {@code files/}, the files its {@link SnapshotWithFiles} snapshots
 * list. A snapshot is written to a hidden temporary file, fsynced, renamed into
 * place atomically and the directory fsynced: a file with a snapshot name is always complete.
 */
final class SnapshotDirectory {

    /** Writes a snapshot's content. */
    @FunctionalInterface
    interface ContentWriter {
        void write(WritableByteChannel out) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(SnapshotDirectory.class);
    private static final String TEMPORARY_PREFIX = ".snapshot-";
    private static final String FILES = "files";
    private static final int MAX_NAME_LENGTH = 200;

    private final Path root;

    SnapshotDirectory(Path root) {
        this.root = root.toAbsolutePath();
    }

    /**
     * The directory of a persistence id: its UTF-8 bytes with everything but {@code [A-Za-z0-9_-]}
     * percent-encoded (so no id can name {@code ..} or a path), shortened with a SHA-256 suffix when
     * too long for a file name. Snapshot files record the full id, and loading checks it.
     */
    Path of(String persistenceId) {
        StringBuilder name = new StringBuilder();
        for (byte b : persistenceId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                name.append(c);
            } else {
                name.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        if (name.length() > MAX_NAME_LENGTH) {
            name.setLength(MAX_NAME_LENGTH - 65);
            name.append('~').append(sha256(persistenceId));
        }
        return root.resolve(name.toString());
    }

    /** Where the files of a persistence id's {@link SnapshotWithFiles} snapshots live: {@code files/} in its directory. */
    Path filesOf(String persistenceId) {
        return of(persistenceId).resolve(FILES);
    }

    /**
     * Deletes files of a persistence id's file directory (relative paths) that no snapshot needs any
     * more, and the directories they leave empty.
     */
    void deleteFiles(String persistenceId, Collection<String> files) throws IOException {
        Path base = filesOf(persistenceId);
        Set<Path> parents = new HashSet<>();
        for (String file : files) {
            Path path = base.resolve(file).normalize();
            if (path.startsWith(base) && Files.deleteIfExists(path)) {
                parents.add(path.getParent());
            }
        }
        for (Path parent : parents) {
            for (Path dir = parent; dir.startsWith(base) && !dir.equals(base); dir = dir.getParent()) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    break; // another snapshot's files are still in it
                }
            }
        }
    }

    /** The snapshot files of a persistence id, newest first. */
    List<SnapshotFile> list(String persistenceId) throws IOException {
        List<SnapshotFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(of(persistenceId))) {
            paths.forEach(path -> SnapshotFile.parse(path).ifPresent(files::add));
        } catch (NoSuchFileException e) {
            return files;
        }
        files.sort(SnapshotFile.NEWEST_FIRST);
        return files;
    }

    /** Writes a snapshot file atomically (temporary file, fsync, rename, fsync of the directory). */
    SnapshotFile write(String persistenceId, long sequenceNr, long timestamp, SnapshotFormat format,
            ContentWriter content) throws IOException {
        Path dir = of(persistenceId);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            fsyncDirectory(root);
        }
        Path temporary = dir.resolve(TEMPORARY_PREFIX + sequenceNr + "-" + UUID.randomUUID() + ".tmp");
        try {
            int checksum;
            try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ChecksumChannel out = new ChecksumChannel(file);
                content.write(out);
                file.force(true);
                checksum = out.checksum();
            }
            SnapshotFile written = new SnapshotFile(dir.resolve(SnapshotFile.name(sequenceNr, timestamp, checksum, format)),
                    sequenceNr, timestamp, checksum, format);
            try {
                Files.move(temporary, written.path(), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + temporary + " atomically: the snapshot directory's file system"
                        + " does not support it", e);
            }
            fsyncDirectory(dir);
            return written;
        } catch (IOException e) {
            throw new IOException("cannot write snapshot " + sequenceNr + " of '" + persistenceId + "' in " + dir
                    + ": " + e, e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    void delete(SnapshotFile file) throws IOException {
        Files.deleteIfExists(file.path());
    }

    /**
     * Removes temporary files a crash left behind in a persistence id's directory. Called when the id
     * loads, when (one writer per persistence id) no snapshot of it is being written.
     */
    void removeTemporaryFiles(String persistenceId) throws IOException {
        try (Stream<Path> paths = Files.list(of(persistenceId))) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.getFileName().toString().startsWith(TEMPORARY_PREFIX)) {
                    log.info("removing {}, left by a snapshot write that did not finish", path);
                    Files.deleteIfExists(path);
                }
            }
        } catch (NoSuchFileException e) {
            // no snapshot was ever written for this id
        }
    }

    /** Makes a rename or a new entry in {@code dir} durable (Linux; a no-op where directories cannot be opened). */
    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
