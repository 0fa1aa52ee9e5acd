package io.sabot.actors.stream;

/**
 * Separates the elements that belong to checkpoint {@code id} (before it) from the rest.
 * Sources inject it after the batch they are on; every subtask forwards it once it has seen it
 * on all of its input channels.
 */
public record CheckpointBarrier(long id, long timestamp, CheckpointKind kind) implements StreamElement {

    public enum CheckpointKind {
        CHECKPOINT,
        SAVEPOINT
    }
}
