package io.sabot.checkpointing;

import io.sabot.state.backend.SnapshotHandle;
import java.util.List;

/**
 * One task's part of a checkpoint: its operator state (a source's position, an agent's watermarks,
 * a sink's pre-committed output; encoded by the runtime) and the handles of its keyed state files.
 * Stored in the snapshot store under persistence id {@code job/vertex/subtask}, sequence number =
 * the checkpoint id.
 */
public record TaskSnapshot(byte[] operatorState, List<SnapshotHandle> keyedState) implements CheckpointData {

    public TaskSnapshot {
        keyedState = List.copyOf(keyedState);
    }

    /** A task with nothing to keep. */
    public static final TaskSnapshot EMPTY = new TaskSnapshot(new byte[0], List.of());
}
