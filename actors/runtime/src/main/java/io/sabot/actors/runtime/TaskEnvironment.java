package io.sabot.actors.runtime;

import io.sabot.checkpointing.CheckpointStorage;
import io.sabot.checkpointing.TaskSnapshot;
import io.sabot.state.backend.SnapshotWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What every task has: its identity, its job master, its own Arrow allocator (closed with the
 * task), the node's exchange allocator for batches in flight, its metrics, where its snapshots go,
 * and how it stops (passivation for a sharded entity, a plain stop for a standalone agent).
 *
 * <p>Snapshots. A task's part of checkpoint n is acknowledged to the master; keyed state captured
 * on the barrier is written on the snapshot executor while processing goes on
 * ({@link #writeSnapshot}), and acknowledged when written. The task's final snapshot, taken at the
 * end of its input, goes with its {@code TaskFinished} report; the task does not end before every
 * snapshot it started is written.
 */
final class TaskEnvironment {

    /** The checkpoint id of a task's final snapshot, taken at the end of its input. */
    static final long FINAL = Long.MAX_VALUE;

    final TaskId id;
    final ActorContext<TaskCommand> context;
    final ActorRef<JobMasterCommand> master; // null for a standalone agent
    final BufferAllocator allocator;
    final BufferAllocator exchange;
    final TaskMetrics metrics;
    private final CheckpointStorage storage;
    private final Executor snapshotWriters;
    private final Supplier<Behavior<TaskCommand>> stop;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private int snapshotsBeingWritten;
    private TaskSnapshot finalSnapshot = TaskSnapshot.EMPTY;
    private String snapshotFailure;

    TaskEnvironment(TaskId id, ActorContext<TaskCommand> context, ActorRef<JobMasterCommand> master,
                    BufferAllocator allocator, BufferAllocator exchange, TaskMetrics metrics, CheckpointStorage storage,
                    Executor snapshotWriters, Supplier<Behavior<TaskCommand>> stop) {
        this.id = id;
        this.context = context;
        this.master = master;
        this.allocator = allocator;
        this.exchange = exchange;
        this.metrics = metrics;
        this.storage = storage;
        this.snapshotWriters = snapshotWriters;
        this.stop = stop;
        // a master that stops before its tasks (its node lost with it): they cancel, discarding what they had not
        // committed; the job manager that takes over restarts the job from its last completed checkpoint
        if (master != null) { // null: a standalone agent
            context.watchWith(master, new TaskCommand.Cancel("its job master " + master.path() + " stopped"));
        }
    }

    /** Closes {@code resource} when the task ends, however it ends, before its allocator. */
    <T extends AutoCloseable> T closeOnEnd(T resource) {
        resources.add(resource);
        return resource;
    }

    ActorRef<TaskCommand> self() {
        return context.getSelf();
    }

    /** Where this task writes the keyed state files of snapshot {@code name}; null when checkpoints are not stored. */
    Path snapshotDirectory(String name) {
        return storage.taskDirectory(id.jobId(), id.taskKey(), name);
    }

    /** True when checkpoints are kept: after a failure the job may resume from one. */
    boolean recoverable() {
        return storage.keepsCheckpoints();
    }

    /** Acknowledges this task's part of checkpoint {@code checkpointId} (or, for {@link #FINAL}, keeps it for the finish report). */
    void acknowledge(long checkpointId, TaskSnapshot snapshot) {
        if (checkpointId == FINAL) {
            finalSnapshot = snapshot;
        } else if (master != null) {
            master.tell(new JobMasterCommand.AcknowledgeCheckpoint(id, checkpointId, snapshot));
        }
    }

    /** Writes captured keyed state on the snapshot executor; acknowledges with {@code operatorState} once written. */
    void writeSnapshot(long checkpointId, byte[] operatorState, SnapshotWriter writer) {
        snapshotsBeingWritten++;
        ActorRef<TaskCommand> self = self();
        CompletableFuture.supplyAsync(() -> {
            try {
                return writer.write();
            } catch (Exception e) {
                throw new IllegalStateException(messageOf(e), e);
            }
        }, snapshotWriters).whenComplete((handle, failure) -> self.tell(failure == null
                ? new TaskCommand.SnapshotWritten(checkpointId, new TaskSnapshot(operatorState, List.of(handle)), null)
                : new TaskCommand.SnapshotWritten(checkpointId, null, messageOf(failure.getCause() != null ? failure.getCause() : failure))));
    }

    /** A snapshot started by {@link #writeSnapshot} is written: acknowledge it, or decline the checkpoint. */
    void onSnapshotWritten(TaskCommand.SnapshotWritten written) {
        snapshotsBeingWritten--;
        if (written.failure() == null) {
            acknowledge(written.checkpointId(), written.snapshot());
            return;
        }
        context.getLog().warn("task {} of job {}: snapshot for checkpoint {} failed: {}", id, id.jobId(),
                written.checkpointId() == FINAL ? "final" : written.checkpointId(), written.failure());
        if (written.checkpointId() == FINAL) {
            snapshotFailure = "the final snapshot could not be written: " + written.failure();
        } else if (master != null) {
            master.tell(new JobMasterCommand.DeclineCheckpoint(id, written.checkpointId(), written.failure()));
        }
    }

    /** True while a snapshot is still being written: the task may not end yet. */
    boolean writingSnapshots() {
        return snapshotsBeingWritten > 0;
    }

    /** The task emitted everything and its snapshots are written: report with its final snapshot, release memory, stop. */
    Behavior<TaskCommand> finished() {
        if (snapshotFailure != null) {
            return failed(new IllegalStateException(snapshotFailure));
        }
        String leak = closeAllocator();
        if (leak != null) {
            return failed(new IllegalStateException(leak));
        }
        reportFinished();
        return stop.get();
    }

    /** True when the final snapshot could not be written: {@link #finished()} fails the task. */
    boolean finalSnapshotFailed() {
        return snapshotFailure != null;
    }

    /**
     * A task that reported its finish and stayed (its output kept for restarted receivers) is no
     * longer needed: release memory, stop.
     */
    Behavior<TaskCommand> released() {
        String leak = closeAllocator();
        return leak != null ? failed(new IllegalStateException(leak)) : stop.get();
    }

    /** Reports the end of the task's input with its final snapshot (a sink then waits for the final commit). */
    void reportFinished() {
        if (master != null) {
            master.tell(new JobMasterCommand.TaskFinished(id, metrics.snapshot(), finalSnapshot));
        }
    }

    /** A sink committed the final checkpoint: report, release memory, stop. */
    Behavior<TaskCommand> committed() {
        String leak = closeAllocator();
        if (leak != null) {
            return failed(new IllegalStateException(leak));
        }
        if (master != null) {
            master.tell(new JobMasterCommand.TaskCommitted(id));
        }
        return stop.get();
    }

    /** The task failed: report the error with its cause, release memory, stop. */
    Behavior<TaskCommand> failed(Throwable error) {
        context.getLog().error("task {} of job {} failed", id, id.jobId(), error);
        metrics.discarded();
        closeAllocator();
        if (master == null) {
            throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        master.tell(error instanceof OutputRetention.NotKept ? new JobMasterCommand.OutputNotKept(id, messageOf(error))
                : new JobMasterCommand.TaskFailed(id, messageOf(error), trace.toString(), FailureCause.serialize(error)));
        return stop.get();
    }

    /** The job was cancelled and this task has discarded its data. */
    Behavior<TaskCommand> cancelled() {
        metrics.discarded();
        closeAllocator();
        if (master != null) {
            master.tell(new JobMasterCommand.TaskCancelled(id));
        }
        return stop.get();
    }

    /** The shard (or the actor system) stops this task: data was discarded, free the memory. */
    Behavior<TaskCommand> stoppedByShard() {
        metrics.discarded();
        closeAllocator();
        return Behaviors.stopped();
    }

    /** Closes the task's resources, then its allocator; returns a description of leaked buffers, or null. */
    private String closeAllocator() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                context.getLog().warn("task {}: closing {} failed", id, resources.get(i), e);
            }
        }
        resources.clear();
        try {
            allocator.close();
            return null;
        } catch (IllegalStateException e) {
            context.getLog().error("task {} leaked Arrow memory: {}", id, e.getMessage());
            return "task " + id + " leaked Arrow memory: " + e.getMessage();
        }
    }

    /**
     * What a user reads: the error's own message, or its type when it has none. Running out of
     * memory also names its type, which says what ran out: {@code java.lang.OutOfMemoryError: Java
     * heap space}, Arrow's {@code OutOfMemoryException} (its allocation limit).
     */
    static String messageOf(Throwable error) {
        if (error instanceof VirtualMachineError || error instanceof OutOfMemoryException) {
            return error.toString();
        }
        return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    }
}
