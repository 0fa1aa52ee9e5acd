package io.sabot.actors.runtime;

import io.sabot.checkpointing.CheckpointConfig;
import io.sabot.checkpointing.CheckpointStorage;
import java.util.concurrent.Executor;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.pekko.actor.typed.RecipientRef;

/** What the runtime needs from the node it runs on. */
public interface TaskServices {

    JobRegistry registry();

    /** The cluster-wide address of a task (a sharded entity). */
    RecipientRef<TaskCommand> task(TaskId task);

    /** A new allocator for one task, a child of the node's root allocator. */
    BufferAllocator newTaskAllocator(String name);

    /** Owns batches while they travel between tasks. */
    BufferAllocator exchangeAllocator();

    RuntimeSettings settings();

    /** The node's checkpoint settings ({@code sabot.checkpoint}); a job may set its own interval. */
    CheckpointConfig checkpointConfig();

    /** Where the node's checkpoints are kept (nothing is kept when the configuration names no directory). */
    CheckpointStorage checkpointStorage();

    /** Where keyed state snapshots are written ({@code sabot.snapshot-dispatcher}): never the actors' dispatcher. */
    Executor snapshotExecutor();
}
