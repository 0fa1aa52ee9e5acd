package io.sabot.checkpointing;

import java.util.List;

/**
 * A checkpoint every task acknowledged and whose task snapshots are stored: what a job restarts
 * from. Stored in the snapshot store under persistence id {@code job/_checkpoints}, sequence number =
 * the checkpoint id, after the task snapshots it lists: its presence is the commit point.
 *
 * @param tasks     the task keys ({@code vertex/subtask}) whose snapshots it holds
 * @param finalOne  the final checkpoint of a bounded input: every task had finished
 */
public record CompletedCheckpoint(String jobId, long checkpointId, long timestamp, boolean savepoint, boolean finalOne,
                                  List<String> tasks) implements CheckpointData {

    public CompletedCheckpoint {
        tasks = List.copyOf(tasks);
    }
}
