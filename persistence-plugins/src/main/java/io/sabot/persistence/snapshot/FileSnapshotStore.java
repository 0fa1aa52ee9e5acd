package io.sabot.persistence.snapshot;

import com.typesafe.config.Config;
import io.sabot.persistence.BlockingWork;
import io.sabot.persistence.PekkoSerialization;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;

/**
 * The snapshot store plugin ({@code sabot.persistence.snapshot-store}): one file per snapshot in a
 * directory per persistence id ({@link SnapshotDirectory}), an Arrow IPC file for an
 * {@link ArrowTableSnapshot} and Pekko-serialized bytes for anything else; a {@link SnapshotWithFiles}
 * also owns files in the persistence id's file directory, deleted with the last snapshot that lists
 * them. All file work runs on the plugin's blocking dispatcher.
 *
 * <p>A load verifies the checksum of the newest matching file and, if that file is unusable, falls
 * back to the next older one, logging why; it fails (naming the files) only when none of the
 * {@code max-load-attempts} newest matching files can be read, rather than recover from nothing.
 */
public final class FileSnapshotStore extends SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(FileSnapshotStore.class);

    private final SnapshotDirectory directory;
    private final int maxLoadAttempts;
    private final Executor blockingExecutor;
    private final SerializedSnapshotCodec serialized;
    private final ArrowSnapshotCodec arrow;

    public FileSnapshotStore(Config config) {
        this.directory = new SnapshotDirectory(Path.of(config.getString("dir")));
        this.maxLoadAttempts = config.getInt("max-load-attempts");
        this.blockingExecutor = context().system().dispatchers().lookup(config.getString("blocking-io-dispatcher"));
        PekkoSerialization serialization = new PekkoSerialization((ExtendedActorSystem) context().system());
        this.serialized = new SerializedSnapshotCodec(serialization);
        this.arrow = new ArrowSnapshotCodec(serialization, context().system());
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return blocking(() -> load(persistenceId, criteria));
    }

    private Optional<SelectedSnapshot> load(String persistenceId, SnapshotSelectionCriteria criteria) throws IOException {
        directory.removeTemporaryFiles(persistenceId);
        List<SnapshotFile> candidates = new ArrayList<>(directory.list(persistenceId));
        candidates.removeIf(file -> !file.matches(criteria));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < candidates.size() && i < maxLoadAttempts; i++) {
            SnapshotFile file = candidates.get(i);
            try {
                return Optional.of(file.format() == SnapshotFormat.ARROW
                        ? arrow.read(file, persistenceId)
                        : serialized.read(file, persistenceId, directory.filesOf(persistenceId)));
            } catch (Exception e) {
                String reason = e instanceof CorruptSnapshotException ? e.getMessage()
                        : "snapshot file " + file.path() + " cannot be read: " + e;
                failures.add(reason);
                if (i + 1 < candidates.size() && i + 1 < maxLoadAttempts) {
                    log.warn("{}; falling back to the older snapshot {}", reason, candidates.get(i + 1).path().getFileName());
                } else {
                    log.error(reason);
                }
            }
        }
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        throw new IOException("no usable snapshot of '" + persistenceId + "' among the " + failures.size()
                + " newest matching ones: " + String.join("; ", failures));
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        return blocking(() -> {
            try {
                SnapshotFormat format = SnapshotFormat.of(snapshot);
                SnapshotDirectory.ContentWriter content;
                if (format == SnapshotFormat.ARROW) {
                    content = arrow.writer(metadata, (ArrowTableSnapshot) snapshot);
                } else {
                    ByteBuffer bytes = ByteBuffer.wrap(serialized.encode(metadata, snapshot,
                            directory.filesOf(metadata.persistenceId())));
                    content = out -> {
                        while (bytes.hasRemaining()) {
                            out.write(bytes);
                        }
                    };
                }
                SnapshotFile written = directory.write(metadata.persistenceId(), metadata.sequenceNr(),
                        metadata.timestamp(), format, content);
                // A snapshot saved again with the same sequence number replaces the older file.
                delete(metadata.persistenceId(), file -> file.sequenceNr() == written.sequenceNr() && !file.equals(written));
            } finally {
                if (snapshot instanceof ArrowTableSnapshot table) { // the store owns it now
                    table.close();
                }
            }
            return null;
        });
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        // Timestamp 0 means any snapshot with this sequence number (as Pekko's own stores do).
        return blocking(() -> delete(metadata.persistenceId(), file -> file.sequenceNr() == metadata.sequenceNr()
                && (metadata.timestamp() == 0 || file.timestamp() == metadata.timestamp())));
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return blocking(() -> delete(persistenceId, file -> file.matches(criteria)));
    }

    /**
     * Deletes the snapshots {@code which} selects, then the files they listed that no remaining
     * snapshot lists. If a remaining snapshot's list cannot be read, no file is deleted: it may need any.
     */
    private Void delete(String persistenceId, Predicate<SnapshotFile> which) throws IOException {
        Set<String> released = new HashSet<>();
        List<SnapshotFile> kept = new ArrayList<>();
        for (SnapshotFile file : directory.list(persistenceId)) {
            if (!which.test(file)) {
                kept.add(file);
                continue;
            }
            try {
                released.addAll(filesListedBy(file, persistenceId));
            } catch (IOException e) {
                log.warn("cannot read which files {} needs ({}): they stay", file.path(), e.getMessage());
            }
            directory.delete(file);
        }
        if (released.isEmpty()) {
            return null;
        }
        for (SnapshotFile file : kept) {
            try {
                filesListedBy(file, persistenceId).forEach(released::remove);
            } catch (NoSuchFileException e) {
                // deleted meanwhile by another delete of this persistence id (deletes run on several
                // threads): it needs no file any more; giving up here would leave the released files behind
            } catch (IOException e) {
                log.warn("cannot read which files {} needs ({}): no file of '{}' is deleted now", file.path(),
                        e.getMessage(), persistenceId);
                return null;
            }
        }
        directory.deleteFiles(persistenceId, released);
        return null;
    }

    private List<String> filesListedBy(SnapshotFile file, String persistenceId) throws IOException {
        return file.format() == SnapshotFormat.SERIALIZED ? serialized.files(file, persistenceId) : List.of();
    }

    /**
     * The directory the files of persistence id {@code persistenceId}'s {@link SnapshotWithFiles}
     * snapshots are written into, for a store whose {@code dir} setting is {@code storeDirectory}.
     */
    public static Path filesDirectory(Path storeDirectory, String persistenceId) {
        return new SnapshotDirectory(storeDirectory).filesOf(persistenceId);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return BlockingWork.toScala(BlockingWork.run(blockingExecutor, work));
    }
}
