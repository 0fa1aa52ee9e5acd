package io.sabot.actors.runtime;

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
}
