package io.sabot.checkpointing;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where completed checkpoints of a job are kept, and the files of its tasks' keyed state.
 * {@link SnapshotStoreStorage} keeps them in a Pekko snapshot store; {@link #none()} keeps nothing.
 */
public interface CheckpointStorage {

    /**
     * A checkpoint read back: the record and the snapshots of the tasks it lists.
     *
     * @param fromSavepoint read from a savepoint: the job's storage does not own its files (never discards them)
     */
    record Restored(CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks, boolean fromSavepoint) {

        /** A checkpoint of the job's own storage. */
        public Restored(CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks) {
            this(checkpoint, tasks, false);
        }
    }

    /** True when completed checkpoints are kept, so a failed job can resume from one. */
    default boolean keepsCheckpoints() {
        return true;
    }

    /**
     * The directory task {@code task} of job {@code jobId} writes its keyed state files of one
     * snapshot into ({@code name}: {@code chk-<id>}, or {@code final-<...>} for a finished task's
     * last state). Null when nothing is stored: the task takes no keyed snapshot.
     */
    Path taskDirectory(String jobId, String task, String name);

    /** Stores the task snapshots, then the checkpoint record (the commit point). */
    CompletionStage<Void> store(CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks);

    /**
     * The newest checkpoint of {@code jobId} that can be restored: record, task snapshots and their
     * files all present and intact. A damaged one is skipped, with a log line that says so.
     */
    CompletionStage<Optional<Restored>> latest(String jobId);

    /**
     * Copies completed checkpoint {@code checkpoint} into a new savepoint directory under {@code parent}
     * ({@link Savepoints}) and returns its path.
     */
    CompletionStage<Path> writeSavepoint(Path parent, CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks);

    /** Deletes checkpoint {@code discarded}: its records, and the state files no kept checkpoint needs. */
    CompletionStage<Void> discard(CompletedCheckpoint discarded);

    /**
     * Deletes what the tasks of aborted checkpoint {@code checkpointId} wrote in their own
     * directories for it (files no stored snapshot lists any more, so no snapshot store deletes them).
     */
    CompletionStage<Void> discardAborted(String jobId, long checkpointId, Collection<String> tasks);

    /**
     * A number for the next attempt of job {@code jobId} that was never handed out for it before:
     * stored with the checkpoints, so a job manager that takes over on another node (its first one
     * lost) goes on numbering where the lost one stopped, and no task entity id is used twice.
     */
    CompletionStage<Integer> nextAttempt(String jobId);

    /**
     * Keeps nothing: checkpoints coordinate the sinks' commits, and a crash starts the job afresh.
     * Attempts are numbered in memory (per storage, that is per node).
     */
    static CheckpointStorage none() {
        Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();
        return new CheckpointStorage() {
            @Override
            public CompletionStage<Integer> nextAttempt(String jobId) {
                return CompletableFuture.completedFuture(attempts.merge(jobId, 1, Integer::sum));
            }

            @Override
            public boolean keepsCheckpoints() {
                return false;
            }

            @Override
            public Path taskDirectory(String jobId, String task, String name) {
                return null;
            }

            @Override
            public CompletionStage<Void> store(CompletedCheckpoint checkpoint, Map<String, TaskSnapshot> tasks) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Optional<Restored>> latest(String jobId) {
                return CompletableFuture.completedFuture(Optional.empty());
            }

            @Override
            public CompletionStage<Path> writeSavepoint(Path parent, CompletedCheckpoint checkpoint,
                                                        Map<String, TaskSnapshot> tasks) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "savepoints are copies of checkpoints: set a checkpoint directory (sabot.checkpoint.dir, --checkpoint-dir)"));
            }

            @Override
            public CompletionStage<Void> discard(CompletedCheckpoint discarded) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> discardAborted(String jobId, long checkpointId, Collection<String> tasks) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
