package io.sabot.actors.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What every task has: its identity, its job master, its own Arrow allocator (closed with the
 * task), the node's exchange allocator for batches in flight, its metrics, and how it stops
 * (passivation for a sharded entity, a plain stop for a standalone agent).
 */
final class TaskEnvironment {

    final TaskId id;
    final ActorContext<TaskCommand> context;
    final ActorRef<JobMasterCommand> master; // null for a standalone agent
    final BufferAllocator allocator;
    final BufferAllocator exchange;
    final TaskMetrics metrics;
    private final Supplier<Behavior<TaskCommand>> stop;
    private final List<AutoCloseable> resources = new ArrayList<>();

    TaskEnvironment(TaskId id, ActorContext<TaskCommand> context, ActorRef<JobMasterCommand> master,
                    BufferAllocator allocator, BufferAllocator exchange, TaskMetrics metrics,
                    Supplier<Behavior<TaskCommand>> stop) {
        this.id = id;
        this.context = context;
        this.master = master;
        this.allocator = allocator;
        this.exchange = exchange;
        this.metrics = metrics;
        this.stop = stop;
    }

    /** Closes {@code resource} when the task ends, however it ends, before its allocator. */
    <T extends AutoCloseable> T closeOnEnd(T resource) {
        resources.add(resource);
        return resource;
    }

    ActorRef<TaskCommand> self() {
        return context.getSelf();
    }

    /** The task emitted everything: report, release memory, stop. */
    Behavior<TaskCommand> finished() {
        String leak = closeAllocator();
        if (leak != null) {
            return failed(new IllegalStateException(leak));
        }
        if (master != null) {
            master.tell(new JobMasterCommand.TaskFinished(id, metrics.snapshot()));
        }
        return stop.get();
    }

    /** The task failed: report the error with its cause, release memory, stop. */
    Behavior<TaskCommand> failed(Throwable error) {
        context.getLog().error("task {} of job {} failed", id, id.jobId(), error);
        closeAllocator();
        if (master == null) {
            throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        master.tell(new JobMasterCommand.TaskFailed(id, messageOf(error), trace.toString()));
        return stop.get();
    }

    /** The job was cancelled and this task has discarded its data. */
    Behavior<TaskCommand> cancelled() {
        closeAllocator();
        if (master != null) {
            master.tell(new JobMasterCommand.TaskCancelled(id));
        }
        return stop.get();
    }

    /** The shard (or the actor system) stops this task: data was discarded, free the memory. */
    Behavior<TaskCommand> stoppedByShard() {
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

    /** What a user reads: the error's own message, or its type when it has none. */
    static String messageOf(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    }
}
