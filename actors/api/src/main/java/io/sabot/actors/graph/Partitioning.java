package io.sabot.actors.graph;

/** How an edge distributes batches from upstream to downstream subtasks. */
public enum Partitioning {
    /** Subtask i sends to subtask i (equal parallelism); batches are not split. */
    FORWARD,
    /** Every row goes to the subtask owning its key's key group (Flink's keyBy). */
    KEY_GROUPS,
    /** Whole batches go round-robin to all downstream subtasks. */
    REBALANCE,
    /** Every batch goes to every downstream subtask (Flink's broadcast): for low-rate streams such as parameters. */
    BROADCAST
}
