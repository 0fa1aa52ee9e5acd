package io.sabot.actors.runtime;

import io.sabot.checkpointing.CheckpointStorage;
import io.sabot.checkpointing.Savepoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Where a job (or some of its tasks) resumes: its own latest completed checkpoint, else its savepoint, else nowhere. */
final class RestorePoint {

    private RestorePoint() {}

    /**
     * The latest completed checkpoint of job {@code jobId} in {@code storage}, else savepoint
     * {@code fromSavepoint} (null: none; read on {@code io}), else empty: a fresh start.
     */
    static CompletableFuture<Optional<CheckpointStorage.Restored>> load(CheckpointStorage storage, String jobId,
                                                                        Path fromSavepoint, Executor io) {
        CompletableFuture<Optional<CheckpointStorage.Restored>> latest = storage.latest(jobId).toCompletableFuture();
        if (fromSavepoint == null) {
            return latest;
        }
        return latest.thenCompose(own -> own.isPresent() ? CompletableFuture.completedFuture(own)
                : CompletableFuture.supplyAsync(() -> {
                    try {
                        return Optional.of(Savepoints.read(fromSavepoint));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot restore savepoint " + fromSavepoint + ": " + e.getMessage(), e);
                    }
                }, io));
    }
}
