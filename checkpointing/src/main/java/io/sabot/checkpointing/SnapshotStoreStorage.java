package io.sabot.checkpointing;

import com.typesafe.config.ConfigFactory;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints kept through a Pekko snapshot store plugin ({@code sabot.checkpoint.snapshot-store},
 * the Sabot persistence plugin by default), with Pekko's own snapshot protocol:
 *
 * <pre>
 *   persistence id job/vertex/subtask, sequence nr n   the task's TaskSnapshot at checkpoint n
 *   persistence id job/_checkpoints,   sequence nr n   the CompletedCheckpoint record, saved last
 *   dir/job/state/vertex-subtask/chk-n/                the keyed state files the TaskSnapshot refers to
 *   dir/job/state/vertex-subtask/shared/               RocksDB SST files shared by several checkpoints
 * </pre>
 *
 * In a cluster the directory, and the snapshot store's, is one every node reaches.
 */
public final class SnapshotStoreStorage implements CheckpointStorage {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStoreStorage.class);
    private static final String CHECKPOINTS = "_checkpoints";
    private static final Duration ASK_TIMEOUT = Duration.ofMinutes(2);

    private final ActorRef store;
    private final Path directory;
    private final Executor blocking;

    /**
     * @param blocking where file work (verifying, deleting) runs: never the actors' dispatcher
     */
    public SnapshotStoreStorage(ActorSystem<?> system, CheckpointConfig config, Executor blocking) {
        if (!config.isStored()) {
            throw new IllegalArgumentException("checkpoints without a directory are not stored (CheckpointStorage.none())");
        }
        this.store = Persistence.get(Adapter.toClassic(system)).snapshotStoreFor(config.snapshotStore(), ConfigFactory.empty());
        this.directory = config.directory();
        this.blocking = blocking;
    }

    @Override
    public Path taskDirectory(String jobId, String task, String name) {
        return directory.resolve(jobId).resolve("state").resolve(task.replace('/', '-')).resolve(name);
    }

    @Override
    public CompletionStage<Void> store(CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks) {
        List<CompletableFuture<Void>> saves = new ArrayList<>();
        for (Map.Entry<String, TaskSnapshot> task : tasks.entrySet()) {
            saves.add(save(persistenceId(checkpoint.jobId(), task.getKey()), checkpoint, task.getValue()));
        }
        return CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new))
                .thenCompose(done -> save(persistenceId(checkpoint.jobId(), CHECKPOINTS), checkpoint, checkpoint));
    }

    private CompletableFuture<Void> save(String persistenceId, CompletedCheckpoint checkpoint, Object snapshot) {
        SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, checkpoint.checkpointId(), checkpoint.timestamp());
        return Patterns.ask(store, new SnapshotProtocol.SaveSnapshot(metadata, snapshot), ASK_TIMEOUT)
                .toCompletableFuture().thenApply(reply -> {
                    if (!(reply instanceof SaveSnapshotSuccess)) {
                        throw new IllegalStateException("cannot store checkpoint " + checkpoint.checkpointId() + " of job "
                                + checkpoint.jobId() + " (" + persistenceId + "): " + reply);
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<Optional<Restored>> latest(String jobId) {
        return latest(jobId, Long.MAX_VALUE);
    }

    /** The newest usable checkpoint numbered at most {@code maxCheckpointId}. */
    private CompletableFuture<Optional<Restored>> latest(String jobId, long maxCheckpointId) {
        return load(persistenceId(jobId, CHECKPOINTS), SnapshotSelectionCriteria.create(maxCheckpointId, Long.MAX_VALUE))
                .thenCompose(record -> {
                    if (record.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.<Restored>empty());
                    }
                    CompletedCheckpoint checkpoint = (CompletedCheckpoint) record.get().snapshot();
                    return tasksOf(checkpoint).thenApply(Optional::of).exceptionallyCompose(problem -> {
                        log.warn("checkpoint {} of job {} cannot be restored ({}): falling back to the one before it",
                                checkpoint.checkpointId(), jobId, rootMessage(problem));
                        return latest(jobId, checkpoint.checkpointId() - 1);
                    });
                });
    }

    /** The task snapshots of {@code checkpoint}, each with its files verified. */
    private CompletableFuture<Restored> tasksOf(CompletedCheckpoint checkpoint) {
        long id = checkpoint.checkpointId();
        Map<String, CompletableFuture<Optional<SelectedSnapshot>>> loads = new LinkedHashMap<>();
        for (String task : checkpoint.tasks()) {
            loads.put(task, load(persistenceId(checkpoint.jobId(), task),
                    SnapshotSelectionCriteria.create(id, Long.MAX_VALUE, id, 0)));
        }
        return CompletableFuture.allOf(loads.values().toArray(CompletableFuture[]::new)).thenApplyAsync(done -> {
            Map<String, TaskSnapshot> tasks = new LinkedHashMap<>();
            for (Map.Entry<String, CompletableFuture<Optional<SelectedSnapshot>>> load : loads.entrySet()) {
                SelectedSnapshot selected = load.getValue().join()
                        .orElseThrow(() -> new IllegalStateException("the snapshot of task " + load.getKey() + " is missing"));
                TaskSnapshot snapshot = (TaskSnapshot) selected.snapshot();
                for (SnapshotHandle handle : snapshot.keyedState()) {
                    try {
                        StateBackends.verify(handle);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                }
                tasks.put(load.getKey(), snapshot);
            }
            return new Restored(checkpoint, tasks);
        }, blocking);
    }

    private CompletableFuture<Optional<SelectedSnapshot>> load(String persistenceId, SnapshotSelectionCriteria criteria) {
        return Patterns.ask(store, new SnapshotProtocol.LoadSnapshot(persistenceId, criteria, Long.MAX_VALUE), ASK_TIMEOUT)
                .toCompletableFuture().thenApply(reply -> {
                    if (reply instanceof SnapshotProtocol.LoadSnapshotResult result) {
                        return result.snapshot().isDefined() ? Optional.of(result.snapshot().get()) : Optional.empty();
                    }
                    Throwable cause = reply instanceof SnapshotProtocol.LoadSnapshotFailed failed ? failed.cause() : null;
                    throw new IllegalStateException("cannot read the snapshots of " + persistenceId + ": "
                            + (cause != null ? cause.getMessage() : reply), cause);
                });
    }

    @Override
    public CompletionStage<Path> writeSavepoint(Path parent, CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Savepoints.write(parent, checkpoint, tasks);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }, blocking);
    }

    @Override
    public CompletionStage<Void> discard(CompletedCheckpoint discarded, Map<String, TaskSnapshot> snapshots,
                                         List<Map<String, TaskSnapshot>> kept) {
        List<CompletableFuture<Object>> deletes = new ArrayList<>();
        SnapshotSelectionCriteria only = SnapshotSelectionCriteria.create(discarded.checkpointId(), Long.MAX_VALUE,
                discarded.checkpointId(), 0);
        deletes.add(delete(persistenceId(discarded.jobId(), CHECKPOINTS), only)); // first: it names the rest
        for (String task : snapshots.keySet()) {
            deletes.add(delete(persistenceId(discarded.jobId(), task), only));
        }
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
                .thenRunAsync(() -> deleteUnreferenced(snapshots.values(), kept), blocking);
    }

    @Override
    public CompletionStage<Void> discardAborted(String jobId, long checkpointId, Collection<String> tasks) {
        return CompletableFuture.runAsync(() -> {
            for (String task : tasks) {
                deleteTree(taskDirectory(jobId, task, "chk-" + checkpointId));
            }
        }, blocking);
    }

    private CompletableFuture<Object> delete(String persistenceId, SnapshotSelectionCriteria criteria) {
        return Patterns.ask(store, new SnapshotProtocol.DeleteSnapshots(persistenceId, criteria), ASK_TIMEOUT)
                .toCompletableFuture();
    }

    /** Deletes the files of {@code discarded} that no kept snapshot refers to (reference counting by path). */
    private void deleteUnreferenced(Collection<TaskSnapshot> discarded, List<Map<String, TaskSnapshot>> kept) {
        Set<Path> referenced = new HashSet<>();
        for (Map<String, TaskSnapshot> checkpoint : kept) {
            for (TaskSnapshot snapshot : checkpoint.values()) {
                referenced.addAll(files(snapshot));
            }
        }
        Set<Path> directories = new HashSet<>();
        for (TaskSnapshot snapshot : discarded) {
            for (Path file : files(snapshot)) {
                if (!referenced.contains(file)) {
                    try {
                        Files.deleteIfExists(file);
                        directories.add(file.getParent());
                    } catch (IOException e) {
                        log.warn("cannot delete {} of a discarded checkpoint: {}", file, e.toString());
                    }
                }
            }
            snapshot.keyedState().forEach(handle -> directories.add(handle.path()));
        }
        directories.stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()).forEach(this::deleteIfEmpty);
    }

    private static Set<Path> files(TaskSnapshot snapshot) {
        Set<Path> files = new HashSet<>();
        for (SnapshotHandle handle : snapshot.keyedState()) {
            try {
                StateBackends.snapshotFiles(handle).forEach(file -> files.add(file.toAbsolutePath().normalize()));
            } catch (IOException e) {
                log.warn("cannot list the files of snapshot {}: {}", handle.path(), e.toString());
            }
        }
        return files;
    }

    /** Removes {@code directory} and its parents up to the job's state directory while they are empty. */
    private void deleteIfEmpty(Path directory) {
        for (Path d = directory; d != null && d.startsWith(this.directory) && d.getNameCount() > this.directory.getNameCount() + 2;
             d = d.getParent()) {
            try {
                if (!Files.isDirectory(d) || !Files.deleteIfExists(d)) {
                    return;
                }
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", d, e.toString());
                return;
            }
        }
    }

    private static void deleteTree(Path root) {
        try {
            FileTrees.deleteRecursively(root);
        } catch (IOException e) {
            log.warn("cannot delete {} of an aborted checkpoint: {}", root, e.toString());
        }
    }

    private static String persistenceId(String jobId, String task) {
        return jobId + "/" + task;
    }

    private static String rootMessage(Throwable problem) {
        Throwable root = problem;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
