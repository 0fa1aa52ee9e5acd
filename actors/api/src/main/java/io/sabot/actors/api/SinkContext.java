package io.sabot.actors.api;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a sink writer is created with. A writer restored from checkpoint {@code restoredCheckpointId}
 * gets what its earlier run's {@link SinkWriter#preCommit} returned for that checkpoint: it commits
 * that (if the earlier run did not get to) and discards whatever was prepared after it.
 *
 * @param restoredCheckpointId the checkpoint restored from, or -1 on a fresh start
 * @param restoredState        what {@code preCommit(restoredCheckpointId)} returned, or null
 * @param recoverable          checkpoints are stored: after a failure the job may restore one, so
 *                             what was pre-committed must survive {@link SinkWriter#abort()}
 */
public record SinkContext(int subtaskIndex, int parallelism, Schema schema, BufferAllocator allocator,
                          long restoredCheckpointId, byte[] restoredState, boolean recoverable) {

    /** A fresh start of a job whose checkpoints are not stored. */
    public SinkContext(int subtaskIndex, int parallelism, Schema schema, BufferAllocator allocator) {
        this(subtaskIndex, parallelism, schema, allocator, -1, null, false);
    }

    public boolean isRestored() {
        return restoredCheckpointId >= 0;
    }
}
