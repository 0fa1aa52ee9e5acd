package io.sabot.checkpointing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The checkpoint coordinator of one job (Flink's {@code CheckpointCoordinator}), a child of its job
 * master. It triggers a checkpoint every interval (at most {@code max-concurrent} in flight, at
 * least {@code min-pause} after the last one ended) by asking the master to inject barriers at the
 * sources; collects every task's acknowledgement with its snapshot; stores a checkpoint whose tasks
 * all acknowledged, then tells the master it completed (the sinks commit); aborts a checkpoint that
 * a task declines, that times out or that cannot be stored, and fails the job after more than
 * {@code tolerable-failed-checkpoints} failures in a row; keeps the last {@code retained} completed
 * checkpoints and discards older ones.
 *
 * <p>Finished tasks (FLIP-147). A task that has finished its input reports its final snapshot, which
 * stands for it in every checkpoint still to complete; periodic checkpoints stop once every source
 * has finished; when every task has finished, the final checkpoint completes from the final
 * snapshots, so the sinks commit the end of a bounded input like any checkpoint.
 */
public final class CheckpointCoordinator {

    /** What the coordinator receives. */
    public sealed interface Command extends CheckpointData {}

    /** Triggers a checkpoint now, whatever the interval. */
    public record TriggerNow() implements Command {}

    /**
     * Takes a savepoint now: a checkpoint that, once stored, is copied into a new directory under
     * {@code parent} ({@link Savepoints}); {@code replyTo} hears where, or why there is none.
     */
    public record TriggerSavepoint(String parent, ActorRef<SavepointResult> replyTo) implements Command {}

    /** The savepoint's directory, or (path null) why it could not be taken. */
    public record SavepointResult(String path, String failure) implements CheckpointData {}

    /** Task {@code task} took its part of checkpoint {@code checkpointId}. */
    public record Acknowledge(long checkpointId, String task, TaskSnapshot snapshot) implements Command {}

    /** Task {@code task} cannot take part in checkpoint {@code checkpointId}: it is aborted. */
    public record Decline(long checkpointId, String task, String reason) implements Command {}

    /** Task {@code task} finished its input; its final snapshot stands for it from now on. */
    public record TaskFinished(String task, TaskSnapshot finalSnapshot) implements Command {}

    /**
     * The job ended and every sink committed the final checkpoint: nothing will restore from its
     * checkpoints (a new run starts afresh, as Flink deletes a finished job's checkpoints), so they
     * are discarded; {@code replyTo} hears when.
     */
    public record JobFinished(ActorRef<Done> replyTo) implements Command {}

    /** The answer to {@link JobFinished}. */
    public enum Done implements CheckpointData { INSTANCE }

    /**
     * Tasks {@code tasks} are being restarted (a partial restart): checkpoints pending and not yet
     * being stored are aborted, none is triggered until {@link TasksRestarted}, and the tasks count
     * as running again (not finished). {@code replyTo} hears once no checkpoint is being stored: the
     * last completed one is then the one they restore from. Once the final checkpoint has started
     * nothing changes, and the answer says so: the tasks cannot restart alone any more.
     */
    public record TasksRestarting(Set<String> tasks, ActorRef<RestartPoint> replyTo) implements Command {}

    /** The answer to {@link TasksRestarting}: the newest completed checkpoint (0: none), or that the final one has started. */
    public record RestartPoint(long checkpointId, boolean finalStarted) implements CheckpointData {}

    /** The restarted tasks run again: checkpoints are triggered again. */
    public record TasksRestarted() implements Command {}

    private enum Tick implements Command { INSTANCE }

    private record Expired(long checkpointId) implements Command {}

    /** The store of a checkpoint ended ({@code failure} null: stored), and the savepoint copy of it, if one was asked. */
    private record Stored(long checkpointId, String failure, String savepoint, String savepointFailure) implements Command {}

    /** What the coordinator tells its job master. */
    public sealed interface Event extends CheckpointData {}

    /** Inject barrier {@code checkpointId} at every running source. */
    public record InjectBarrier(long checkpointId, long timestamp, boolean savepoint) implements Event {}

    /** The final checkpoint, of every task's final snapshot, takes id {@code checkpointId} (no barrier goes out for it). */
    public record FinalStarted(long checkpointId) implements Event {}

    /** Checkpoint {@code checkpointId} is stored: tell the tasks (sinks commit what it pre-committed). */
    public record Completed(long checkpointId, boolean finalOne, Duration duration) implements Event {}

    /** Checkpoint {@code checkpointId} was aborted: tasks release what they hold for it. */
    public record Aborted(long checkpointId, String reason) implements Event {}

    /** Too many checkpoints failed in a row: fail the job. */
    public record Failed(String reason) implements Event {}

    private static final class Pending {
        final long id;
        final long timestamp;
        final TriggerSavepoint savepoint; // the request this checkpoint is a savepoint for; null: a checkpoint
        final boolean finalOne;
        final long startNanos = System.nanoTime();
        final Map<String, TaskSnapshot> acks = new LinkedHashMap<>();
        boolean storing;

        Pending(long id, long timestamp, TriggerSavepoint savepoint, boolean finalOne) {
            this.id = id;
            this.timestamp = timestamp;
            this.savepoint = savepoint;
            this.finalOne = finalOne;
        }

        void answerSavepoint(String path, String failure) {
            if (savepoint != null) {
                savepoint.replyTo().tell(new SavepointResult(path, failure));
            }
        }

        CompletedCheckpoint record(String jobId, List<String> tasks) {
            return new CompletedCheckpoint(jobId, id, timestamp, savepoint != null, finalOne, tasks);
        }
    }

    private final String jobId;
    private final List<String> tasks;
    private final Set<String> sources;
    private final CheckpointConfig config;
    private final CheckpointStorage storage;
    private final ActorRef<Event> master;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final Map<String, TaskSnapshot> finished = new HashMap<>();
    private final Deque<CompletedCheckpoint> completed = new ArrayDeque<>();
    private long nextId;
    private long lastCompletedId; // the newest checkpoint completed (or restored): an older one completing later is never kept
    private ActorRef<Done> finishing; // the job finished: discard every checkpoint once none is being stored
    private long lastEndNanos = Long.MIN_VALUE;
    private int failuresInARow;
    private boolean finalStarted;
    private boolean tasksRestarting; // no checkpoint is triggered meanwhile
    private final List<ActorRef<RestartPoint>> awaitingRestartPoint = new ArrayList<>();

    private CheckpointCoordinator(String jobId, List<String> tasks, Set<String> sources, CheckpointConfig config,
                                  CheckpointStorage storage, CheckpointStorage.Restored restored, long firstId,
                                  ActorRef<Event> master, ActorContext<Command> context, TimerScheduler<Command> timers) {
        this.jobId = jobId;
        this.tasks = List.copyOf(tasks);
        this.sources = Set.copyOf(sources);
        this.config = config;
        this.storage = storage;
        this.master = master;
        this.context = context;
        this.timers = timers;
        long afterRestored = restored == null ? 1 : restored.checkpoint().checkpointId() + 1;
        this.nextId = Math.max(afterRestored, firstId);
        this.lastCompletedId = afterRestored - 1;
        if (restored != null && !restored.fromSavepoint()) { // a savepoint's files are the user's, never discarded
            completed.add(restored.checkpoint());
        }
    }

    /**
     * @param tasks    every task of the job ({@code vertex/subtask})
     * @param sources  the tasks among them that are sources
     * @param restored the checkpoint the job was restored from (null: a fresh start); ids continue after it
     * @param firstId  the lowest id to use: ids are never used twice in one run of a job, also across its
     *                 restarts (a failed attempt's snapshot writes may still be finishing), as Flink's
     *                 checkpoint id counter
     * @param master   receives the coordinator's {@link Event}s
     */
    public static Behavior<Command> create(String jobId, List<String> tasks, Set<String> sources, CheckpointConfig config,
                                           CheckpointStorage storage, CheckpointStorage.Restored restored, long firstId,
                                           ActorRef<Event> master) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(CheckpointCoordinator.class);
            if (config.isPeriodic()) {
                timers.startTimerWithFixedDelay(Tick.INSTANCE, config.interval());
            }
            return new CheckpointCoordinator(jobId, tasks, sources, config, storage, restored, firstId, master, context,
                    timers)
                    .behavior();
        }));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Tick.INSTANCE, () -> {
                    triggerIfDue(null, false);
                    return Behaviors.same();
                })
                .onMessage(TriggerNow.class, trigger -> {
                    triggerIfDue(null, true);
                    return Behaviors.same();
                })
                .onMessage(TriggerSavepoint.class, request -> {
                    if (!triggerIfDue(request, true)) {
                        request.replyTo().tell(new SavepointResult(null, "job " + jobId
                                + " has read all its input: there is nothing left to take a savepoint of"));
                    }
                    return Behaviors.same();
                })
                .onMessage(Acknowledge.class, ack -> {
                    Pending checkpoint = pending.get(ack.checkpointId());
                    if (checkpoint != null && !checkpoint.storing) {
                        checkpoint.acks.put(ack.task(), ack.snapshot());
                        storeIfComplete(checkpoint);
                    }
                    return Behaviors.same();
                })
                .onMessage(Decline.class, decline -> {
                    abort(decline.checkpointId(), "task " + decline.task() + " declined: " + decline.reason(), true);
                    return Behaviors.same();
                })
                .onMessage(TaskFinished.class, this::onTaskFinished)
                .onMessage(Expired.class, expired -> {
                    abort(expired.checkpointId(), "it did not complete within " + config.timeout(), true);
                    return Behaviors.same();
                })
                .onMessage(Stored.class, this::onStored)
                .onMessage(JobFinished.class, this::onJobFinished)
                .onMessage(TasksRestarting.class, this::onTasksRestarting)
                .onMessage(TasksRestarted.class, restarted -> {
                    tasksRestarting = false;
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * Triggers a checkpoint (a savepoint for {@code savepoint}, if not null) if one is due ({@code now}:
     * whatever the interval); false if none was. Some source is still running, so no checkpoint is
     * complete on its trigger.
     */
    private boolean triggerIfDue(TriggerSavepoint savepoint, boolean now) {
        if (finalStarted || tasksRestarting || finished.keySet().containsAll(sources)) {
            return false; // nothing left to inject barriers into; the final checkpoint is coming
        }
        if (!now && (pending.size() >= config.maxConcurrent()
                || (lastEndNanos != Long.MIN_VALUE && System.nanoTime() - lastEndNanos < config.minPause().toNanos()))) {
            return false;
        }
        Pending checkpoint = new Pending(nextId++, System.currentTimeMillis(), savepoint, false);
        checkpoint.acks.putAll(finished);
        pending.put(checkpoint.id, checkpoint);
        timers.startSingleTimer(new Expired(checkpoint.id), new Expired(checkpoint.id), config.timeout());
        context.getLog().debug("job {}: checkpoint {} triggered", jobId, checkpoint.id);
        master.tell(new InjectBarrier(checkpoint.id, checkpoint.timestamp, savepoint != null));
        return true;
    }

    private Behavior<Command> onTasksRestarting(TasksRestarting restart) {
        if (finalStarted) {
            restart.replyTo().tell(new RestartPoint(lastCompletedId, true));
            return Behaviors.same();
        }
        finished.keySet().removeAll(restart.tasks());
        for (Long id : new ArrayList<>(pending.keySet())) {
            abort(id, "tasks " + restart.tasks() + " restart", false);
        }
        tasksRestarting = true;
        awaitingRestartPoint.add(restart.replyTo());
        answerRestartPointIfSettled();
        return Behaviors.same();
    }

    /** Tells who waits for a restart point once no checkpoint is being stored any more. */
    private void answerRestartPointIfSettled() {
        if (pending.values().stream().noneMatch(checkpoint -> checkpoint.storing)) {
            awaitingRestartPoint.forEach(replyTo -> replyTo.tell(new RestartPoint(lastCompletedId, false)));
            awaitingRestartPoint.clear();
        }
    }

    private Behavior<Command> onTaskFinished(TaskFinished done) {
        finished.put(done.task(), done.finalSnapshot());
        for (Pending checkpoint : new ArrayList<>(pending.values())) {
            if (!checkpoint.storing) {
                checkpoint.acks.putIfAbsent(done.task(), done.finalSnapshot());
                storeIfComplete(checkpoint);
            }
        }
        if (finished.size() == tasks.size() && !finalStarted) {
            finalStarted = true;
            for (Long id : new ArrayList<>(pending.keySet())) {
                if (!pending.get(id).storing) {
                    abort(id, "superseded by the final checkpoint", false);
                }
            }
            Pending last = new Pending(nextId++, System.currentTimeMillis(), null, true);
            master.tell(new FinalStarted(last.id));
            last.acks.putAll(finished);
            pending.put(last.id, last);
            storeIfComplete(last);
        }
        return Behaviors.same();
    }

    private void storeIfComplete(Pending checkpoint) {
        if (checkpoint.storing || checkpoint.acks.size() < tasks.size()) {
            return;
        }
        checkpoint.storing = true;
        timers.cancel(new Expired(checkpoint.id));
        CompletedCheckpoint record = checkpoint.record(jobId, tasks);
        Map<String, TaskSnapshot> snapshots = Map.copyOf(checkpoint.acks);
        TriggerSavepoint request = checkpoint.savepoint;
        // The savepoint is copied before the checkpoint counts as completed: retention cannot discard it meanwhile.
        CompletableFuture<Stored> stored = storage.store(record, snapshots).toCompletableFuture().thenCompose(done ->
                request == null ? CompletableFuture.completedFuture(new Stored(checkpoint.id, null, null, null))
                        : storage.writeSavepoint(Path.of(request.parent()), record, snapshots).toCompletableFuture()
                                .handle((path, failure) -> new Stored(checkpoint.id, null, path == null ? null : path.toString(),
                                        failure == null ? null : messageOf(failure))));
        context.pipeToSelf(stored, (done, failure) -> failure == null ? done
                : new Stored(checkpoint.id, messageOf(failure), null, null));
    }

    private Behavior<Command> onStored(Stored stored) {
        Pending checkpoint = pending.remove(stored.checkpointId());
        if (checkpoint == null) {
            return Behaviors.same();
        }
        if (stored.failure() != null) {
            fail(checkpoint, "it could not be stored: " + stored.failure(), true, true);
        } else {
            complete(checkpoint, stored);
        }
        answerRestartPointIfSettled();
        discardAllIfFinished();
        return Behaviors.same();
    }

    private void complete(Pending checkpoint, Stored stored) {
        CompletedCheckpoint record = checkpoint.record(jobId, tasks);
        if (checkpoint.id < lastCompletedId) {
            discard(record); // a newer one completed first (a savepoint is never subsumed): it is never restored
        } else {
            completed.addLast(record);
            lastCompletedId = checkpoint.id;
        }
        failuresInARow = 0;
        lastEndNanos = System.nanoTime();
        Duration took = Duration.ofNanos(lastEndNanos - checkpoint.startNanos);
        context.getLog().info("job {}: {} {} completed in {} ms{}", jobId, checkpoint.savepoint != null ? "savepoint"
                : "checkpoint", checkpoint.id, took.toMillis(), checkpoint.finalOne ? " (final)"
                : stored.savepoint() != null ? ", written to " + stored.savepoint() : "");
        checkpoint.answerSavepoint(stored.savepoint(), stored.savepointFailure());
        master.tell(new Completed(checkpoint.id, checkpoint.finalOne, took));
        for (Long older : new ArrayList<>(pending.headMap(checkpoint.id).keySet())) {
            if (pending.get(older).savepoint == null) {
                abort(older, "subsumed by checkpoint " + checkpoint.id, false);
            }
        }
        while (completed.size() > config.retained()) {
            discard(completed.removeFirst());
        }
    }

    /** Deletes a completed checkpoint no longer kept (its files go with the last checkpoint that needs them). */
    private void discard(CompletedCheckpoint discarded) {
        storage.discard(discarded).whenComplete((done, failure) -> {
            if (failure != null) {
                context.getSystem().log().warn("job {}: discarding checkpoint {} failed: {}", jobId,
                        discarded.checkpointId(), messageOf(failure));
            }
        });
    }

    private Behavior<Command> onJobFinished(JobFinished finished) {
        timers.cancelAll();
        finishing = finished.replyTo();
        discardAllIfFinished();
        return Behaviors.same();
    }

    /**
     * Once the job finished and no checkpoint is being stored any more (one still storing would
     * otherwise be left behind, for the next run to resume from), discards every checkpoint.
     */
    private void discardAllIfFinished() {
        if (finishing == null || pending.values().stream().anyMatch(checkpoint -> checkpoint.storing)) {
            return;
        }
        ActorRef<Done> replyTo = finishing;
        finishing = null;
        List<CompletableFuture<Void>> discards = new ArrayList<>();
        while (!completed.isEmpty()) {
            discards.add(storage.discard(completed.removeFirst()).toCompletableFuture());
        }
        CompletableFuture.allOf(discards.toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        context.getSystem().log().warn("job {}: discarding its checkpoints failed: {}", jobId, messageOf(failure));
                    }
                    replyTo.tell(Done.INSTANCE);
                });
    }

    /** Aborts a pending checkpoint not being stored; {@code countsAsFailure}: false when a newer one covers it. */
    private void abort(long checkpointId, String reason, boolean countsAsFailure) {
        Pending checkpoint = pending.get(checkpointId);
        if (checkpoint == null || checkpoint.storing) {
            return;
        }
        pending.remove(checkpointId);
        fail(checkpoint, reason, countsAsFailure, false);
    }

    /**
     * Aborts {@code checkpoint} (already out of {@code pending}): tasks release it, what it wrote is
     * deleted (with {@code storeAttempted}, the task records saved before the store failed first, and
     * the files they list with them), and a failure is counted.
     */
    private void fail(Pending checkpoint, String reason, boolean countsAsFailure, boolean storeAttempted) {
        timers.cancel(new Expired(checkpoint.id));
        lastEndNanos = System.nanoTime();
        context.getLog().warn("job {}: checkpoint {} aborted: {}", jobId, checkpoint.id, reason);
        checkpoint.answerSavepoint(null, "savepoint " + checkpoint.id + " aborted: " + reason);
        master.tell(new Aborted(checkpoint.id, reason));
        (storeAttempted ? storage.discard(checkpoint.record(jobId, tasks)) : CompletableFuture.<Void>completedFuture(null))
                .thenCompose(done -> storage.discardAborted(jobId, checkpoint.id, checkpoint.acks.keySet()));
        if (countsAsFailure && ++failuresInARow > config.tolerableFailures()) {
            master.tell(new Failed("checkpoint " + checkpoint.id + " failed (" + reason + "), " + failuresInARow
                    + " in a row; tolerable-failed-checkpoints is " + config.tolerableFailures()));
        }
    }

    private static String messageOf(Throwable failure) {
        Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
