package io.sabot.checkpointing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.persistence.snapshot.FileSnapshotStore;
import io.sabot.persistence.snapshot.SnapshotWithFiles;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Checkpoints kept through the Sabot persistence plugin's snapshot store
 * ({@code sabot.checkpoint.snapshot-store}), with Pekko's own snapshot protocol:
 *
 * <pre>
 *   persistence id job/vertex/subtask, sequence nr n   the task's TaskSnapshot at checkpoint n, a SnapshotWithFiles
 *                                                      listing its keyed state files
 *   persistence id job/_checkpoints,   sequence nr n   the CompletedCheckpoint record, saved last
 *   persistence id job/_attempts,      sequence nr n   n: the last attempt number handed out (only the newest kept)
 *   the task's file directory (the plugin's)           chk-n/ (the keyed state files of checkpoint n), final-*, and
 *                                                      shared/ (RocksDB SST files several checkpoints list)
 * </pre>
 *
 * The plugin owns the files: it keeps each while a snapshot lists it and deletes it with the last
 * one, so retention only deletes records. In a cluster the directory is one every node reaches.
 */
public final class SnapshotStoreStorage implements CheckpointStorage {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStoreStorage.class);
    private static final String CHECKPOINTS = "_checkpoints";
    private static final String ATTEMPTS = "_attempts";
    private static final Duration ASK_TIMEOUT = Duration.ofMinutes(2);

    private final ActorRef store;
    private final Path storeDirectory;
    private final Executor blocking;

    /**
     * @param blocking where file work (listing and verifying files) runs: never the actors' dispatcher
     */
    public SnapshotStoreStorage(ActorSystem<?> system, CheckpointConfig config, Executor blocking) {
        if (!config.isStored()) {
            throw new IllegalArgumentException("checkpoints without a directory are not stored (CheckpointStorage.none())");
        }
        Config plugin = system.settings().config().getConfig(config.snapshotStore());
        if (!plugin.getString("class").equals(FileSnapshotStore.class.getName())) {
            throw new IllegalArgumentException("sabot.checkpoint.snapshot-store must be a Sabot snapshot store ("
                    + FileSnapshotStore.class.getName() + ": it keeps the keyed state files); "
                    + config.snapshotStore() + " is " + plugin.getString("class"));
        }
        this.storeDirectory = Path.of(plugin.getString("dir")).toAbsolutePath().normalize();
        if (!storeDirectory.equals(config.directory().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("checkpoints go to " + config.directory() + " (sabot.checkpoint.dir) but "
                    + config.snapshotStore() + ".dir is " + storeDirectory + ": set both to the same directory");
        }
        this.store = Persistence.get(Adapter.toClassic(system)).snapshotStoreFor(config.snapshotStore(), ConfigFactory.empty());
        this.blocking = blocking;
    }

    @Override
    public Path taskDirectory(String jobId, String task, String name) {
        return FileSnapshotStore.filesDirectory(storeDirectory, persistenceId(jobId, task)).resolve(name);
    }

    @Override
    public CompletionStage<Void> store(CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks) {
        return CompletableFuture.supplyAsync(() -> withFiles(checkpoint.jobId(), tasks), blocking).thenCompose(listed -> {
            List<CompletableFuture<Void>> saves = new ArrayList<>();
            listed.forEach((task, snapshot) -> saves.add(save(persistenceId(checkpoint.jobId(), task), checkpoint, snapshot)));
            return CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new));
        }).thenCompose(done -> save(persistenceId(checkpoint.jobId(), CHECKPOINTS), checkpoint, checkpoint));
    }

    /** Each task's snapshot with the files it needs, relative to its file directory (the plugin keeps them). */
    private Map<String, SnapshotWithFiles> withFiles(String jobId, Map<String, TaskSnapshot> tasks) {
        Map<String, SnapshotWithFiles> listed = new LinkedHashMap<>();
        for (Map.Entry<String, TaskSnapshot> task : tasks.entrySet()) {
            Path base = FileSnapshotStore.filesDirectory(storeDirectory, persistenceId(jobId, task.getKey()))
                    .toAbsolutePath().normalize();
            List<String> files = new ArrayList<>();
            for (SnapshotHandle handle : task.getValue().keyedState()) {
                try {
                    for (Path file : StateBackends.snapshotFiles(handle)) {
                        Path normalized = file.toAbsolutePath().normalize();
                        if (!normalized.startsWith(base)) {
                            throw new IllegalStateException("snapshot file " + normalized + " of task " + task.getKey()
                                    + " is not in its directory " + base);
                        }
                        files.add(base.relativize(normalized).toString());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
            listed.put(task.getKey(), new SnapshotWithFiles(task.getValue(), files));
        }
        return listed;
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

    /**
     * The snapshot's sequence number is the attempt number (its value an {@link AttemptNumber}); one job
     * manager at a time numbers a job's attempts (the singleton), so read-then-write is enough.
     */
    @Override
    public CompletionStage<Integer> nextAttempt(String jobId) {
        String persistenceId = persistenceId(jobId, ATTEMPTS);
        return load(persistenceId, SnapshotSelectionCriteria.latest()).thenCompose(last -> {
            long next = last.map(selected -> selected.metadata().sequenceNr()).orElse(0L) + 1;
            SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, next, System.currentTimeMillis());
            return Patterns.ask(store, new SnapshotProtocol.SaveSnapshot(metadata, new AttemptNumber(Math.toIntExact(next))),
                            ASK_TIMEOUT).toCompletableFuture()
                    .thenCompose(reply -> {
                        if (!(reply instanceof SaveSnapshotSuccess)) {
                            throw new IllegalStateException("cannot store the attempt number of job " + jobId + ": " + reply);
                        }
                        return delete(persistenceId, SnapshotSelectionCriteria.create(next - 1, Long.MAX_VALUE));
                    })
                    .thenApply(deleted -> Math.toIntExact(next));
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
                Object stored = selected.snapshot();
                TaskSnapshot snapshot = (TaskSnapshot) (stored instanceof SnapshotWithFiles listed ? listed.snapshot() : stored);
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
    public CompletionStage<Void> discard(CompletedCheckpoint discarded) {
        SnapshotSelectionCriteria only = SnapshotSelectionCriteria.create(discarded.checkpointId(), Long.MAX_VALUE,
                discarded.checkpointId(), 0);
        // the record first: it names the rest; the plugin deletes each file with the last snapshot listing it
        return delete(persistenceId(discarded.jobId(), CHECKPOINTS), only).thenCompose(done -> {
            List<CompletableFuture<Object>> deletes = new ArrayList<>();
            for (String task : discarded.tasks()) {
                deletes.add(delete(persistenceId(discarded.jobId(), task), only));
            }
            return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
        });
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
