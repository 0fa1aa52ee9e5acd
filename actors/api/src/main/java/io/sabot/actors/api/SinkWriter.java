package io.sabot.actors.api;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one subtask's results, exactly once, by two-phase commit over checkpoints (Flink's
 * {@code TwoPhaseCommittingSink}): a checkpoint barrier pre-commits what was written (durable, not
 * yet visible), the checkpoint's completion commits it, and a restore commits what the restored
 * checkpoint pre-committed and discards the rest (see {@link SinkContext}). The end of a bounded
 * input is a final checkpoint like any other: {@code preCommit}, then {@code commit}, then
 * {@link #finish()}. A failed or cancelled job never leaves a partial result that looks complete.
 */
public interface SinkWriter {

    /** Writes a batch; the caller keeps ownership of it. */
    void write(VectorSchemaRoot batch) throws IOException;

    /**
     * Checkpoint {@code checkpointId}'s barrier reached this sink: makes everything written so far
     * durable, but not visible, and returns what a restored writer needs to commit it (kept in the
     * checkpoint; null: nothing).
     */
    default byte[] preCommit(long checkpointId) throws IOException {
        return null;
    }

    /** Checkpoint {@code checkpointId} completed: makes visible what it and earlier ones pre-committed. */
    default void commit(long checkpointId) throws IOException {}

    /** The final checkpoint committed: everything is written; release what the writer holds. */
    void finish() throws IOException;

    /** The job failed or was cancelled: removes what was written and not committed. Must not throw. */
    void abort();
}
