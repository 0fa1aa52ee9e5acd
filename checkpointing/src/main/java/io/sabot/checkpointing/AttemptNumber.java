package io.sabot.checkpointing;

/** The last attempt number handed out for a job, as {@link SnapshotStoreStorage#nextAttempt} stores it. */
public record AttemptNumber(int attempt) implements CheckpointData {}
