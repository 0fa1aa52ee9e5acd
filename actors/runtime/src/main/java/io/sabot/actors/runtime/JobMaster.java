package io.sabot.actors.runtime;

import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.checkpointing.CheckpointConfig;
import io.sabot.checkpointing.CheckpointCoordinator;
import io.sabot.checkpointing.CheckpointStorage;
import io.sabot.checkpointing.CheckpointingMode;
import io.sabot.supervision.SupervisionStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one attempt of a job: restores it from its latest completed checkpoint (when checkpoints are
 * stored; failing that, from the savepoint it was submitted with), deploys every task, runs its
 * checkpoint coordinator, and answers its {@link JobSupervisor} once every task finished and every
 * sink committed the final checkpoint.
 *
 * <p>Failures. A task fails when it reports so, when its actor stops without having reported its
 * end (DeathWatch: an exception outside its guard, a shard's stop, a lost node), or when it has not
 * reported its start within {@code sabot.supervision.start-timeout}. With partial restarts
 * (REST_FOR_ONE, ONE_FOR_ONE: {@link RestartScope}) the failed task restarts with the tasks its
 * strategy names, from the last completed checkpoint, as a new attempt, while the others go on
 * ({@link #restarting}). Otherwise, or when that is not possible, the master cancels the others,
 * waits (bounded) until they have discarded their output, and reports the first failure,
 * restartable unless the job was cancelled or cannot be restored.
 */
public final class JobMaster {

    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutionPlan plan;
    private final int attempt;
    private final ActorContext<JobMasterCommand> context;
    private final TaskServices services;
    private final ActorRef<JobMasterCommand> replyTo;
    private final Path fromSavepoint; // null: none
    private final CheckpointConfig checkpoints;
    private final CheckpointStorage storage;
    private final long startNanos = System.nanoTime();
    private final JobTasks tasks;
    private boolean restartable = true;
    private byte[] firstCause; // the exception of the first task that failed, serialized (null: none)
    private final long firstCheckpointId; // ids before it were used by earlier attempts of this run
    private long resumedFrom = -1; // the checkpoint (or savepoint) this attempt, or its last partial restart, started from
    private final BarrierProgress barriers;
    private final SupervisionSettings supervision;
    private final boolean partialRestarts; // tasks keep their output: a failed task restarts with its downstream only
    private boolean finalStarted;
    private int newestAttempt; // of the newest tasks: the attempt's, or of its latest partial restart
    private long lastTriggered = -1; // the newest checkpoint triggered: while tasks restart, every one up to it is settled
    private TaskRestart restart; // the partial restart under way, or null
    private ActorRef<CheckpointCoordinator.Command> coordinator;
    private TimerScheduler<JobMasterCommand> timers;

    private JobMaster(ExecutionPlan plan, int attempt, long firstCheckpointId, ActorContext<JobMasterCommand> context,
                      TaskServices services, Path fromSavepoint, ActorRef<JobMasterCommand> replyTo) {
        this.plan = plan;
        this.fromSavepoint = fromSavepoint;
        this.attempt = attempt;
        this.firstCheckpointId = firstCheckpointId;
        this.context = context;
        this.services = services;
        this.replyTo = replyTo;
        CheckpointConfig node = services.checkpointConfig();
        this.checkpoints = plan.graph().checkpointInterval() == null ? node : node.withInterval(plan.graph().checkpointInterval());
        this.storage = checkpoints.isStored() ? services.checkpointStorage() : CheckpointStorage.none();
        this.tasks = new JobTasks(plan, attempt);
        this.newestAttempt = attempt;
        this.barriers = new BarrierProgress((int) tasks.running().stream().filter(tasks::isSource).count(),
                (int) tasks.running().stream().filter(tasks::isSink).count());
        this.supervision = services.settings().supervision(plan.graph());
        this.partialRestarts = supervision.retainedBytes(storage.keepsCheckpoints()) > 0;
    }

    /**
     * Runs attempt {@code attempt} of {@code plan} (a number the job's earlier attempts did not use:
     * {@link io.sabot.checkpointing.CheckpointStorage#nextAttempt}) and answers {@code replyTo} when it has ended. The job resumes from its own
     * latest checkpoint if it has one, else from savepoint {@code fromSavepoint} (null: none), so
     * running the same submission again after a crash resumes from the newer checkpoint. The
     * answer is an {@link JobMasterCommand.AttemptEnded}.
     */
    static Behavior<JobMasterCommand> create(ExecutionPlan plan, int attempt, long firstCheckpointId, TaskServices services,
                                             Path fromSavepoint, ActorRef<JobMasterCommand> replyTo) {
        return Behaviors.setup(context -> {
            context.setLoggerName(JobMaster.class);
            JobMaster master = new JobMaster(plan, attempt, firstCheckpointId, context, services, fromSavepoint, replyTo);
            if (!master.checkpoints.isStored() && fromSavepoint == null) {
                return master.start(null);
            }
            context.pipeToSelf(RestorePoint.load(master.storage, plan.jobId(), fromSavepoint, services.snapshotExecutor()),
                    (checkpoint, failure) ->
                    new JobMasterCommand.CheckpointLoaded(checkpoint, failure == null ? null : rootMessage(failure)));
            return master.loading();
        });
    }

    /** Waits for the job's latest checkpoint to be read before anything starts. */
    private Behavior<JobMasterCommand> loading() {
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.CheckpointLoaded.class, loaded -> loaded.failure() != null
                        ? completeFinally("cannot restore job " + plan.jobId() + ": " + loaded.failure())
                        : start(loaded.checkpoint().orElse(null)))
                .onMessage(JobMasterCommand.CancelJob.class, cancel -> completeFinally("cancelled: " + cancel.reason()))
                .onMessage(JobMasterCommand.TriggerSavepoint.class, savepoint -> refuse(savepoint, "is still starting"))
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<JobMasterCommand> refuse(JobMasterCommand.TriggerSavepoint savepoint, String state) {
        savepoint.replyTo().tell(new CheckpointCoordinator.SavepointResult(null, "job " + plan.jobId() + " " + state
                + ": no savepoint taken"));
        return Behaviors.same();
    }

    private Behavior<JobMasterCommand> start(CheckpointStorage.Restored restored) {
        Map<TaskId, RestoredTask> assignment;
        try {
            assignment = RestoreAssignment.of(plan, attempt, restored);
        } catch (IllegalArgumentException e) {
            return completeFinally(e.getMessage());
        }
        List<String> taskKeys = tasks.running().stream().map(TaskId::taskKey).toList();
        Set<String> sourceKeys = tasks.running().stream().filter(tasks::isSource).map(TaskId::taskKey).collect(Collectors.toSet());
        coordinator = context.spawn(CheckpointCoordinator.create(plan.jobId(), taskKeys, sourceKeys, checkpoints, storage,
                restored, firstCheckpointId, context.messageAdapter(CheckpointCoordinator.Event.class,
                        JobMasterCommand.FromCoordinator::new)),
                "checkpoints");
        if (restored != null) {
            resumedFrom = restored.checkpoint().checkpointId();
        }
        if (fromSavepoint != null && restored != null && !restored.fromSavepoint()) {
            context.getLog().warn("job {} resumes from its own checkpoint {}, newer than savepoint {} (a savepoint is"
                    + " restored only when the job has no checkpoint)", plan.jobId(), restored.checkpoint().checkpointId(),
                    fromSavepoint);
        }
        context.getLog().info("job {} ({}, attempt {}) starts {} tasks{}", plan.graph().name(), plan.jobId(), attempt,
                tasks.running().size(), restored == null ? "" : restored.fromSavepoint() ? ", restored from savepoint " + fromSavepoint
                        : ", restored from checkpoint " + restored.checkpoint().checkpointId());
        boolean exactlyOnce = checkpoints.mode() == CheckpointingMode.EXACTLY_ONCE;
        for (TaskId task : tasks.running()) {
            services.task(task).tell(new TaskCommand.Deploy(context.getSelf(), assignment.get(task), exactlyOnce, Map.of(), -1));
        }
        return Behaviors.withTimers(timers -> {
            this.timers = timers;
            timers.startSingleTimer(JobMasterCommand.StartTimeout.INSTANCE, supervision.startTimeout());
            return running();
        });
    }

    private Behavior<JobMasterCommand> running() {
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.TaskStarted.class, this::watch)
                .onMessage(JobMasterCommand.TaskStopped.class, stopped -> onStopped(stopped, this::stoppedSilently,
                        task -> Behaviors.same()))
                .onMessageEquals(JobMasterCommand.StartTimeout.INSTANCE, () -> {
                    List<TaskId> silent = tasks.silent();
                    return silent.isEmpty() ? Behaviors.same() : fail("tasks " + silent + " did not start within "
                            + supervision.startTimeout().toSeconds() + " s (is their node gone?)");
                })
                .onMessage(JobMasterCommand.TaskFinished.class, this::onFinished)
                .onMessage(JobMasterCommand.TaskCommitted.class, committed ->
                        tasks.ended(committed.task()) ? discardCheckpoints() : Behaviors.same())
                .onMessage(JobMasterCommand.AcknowledgeCheckpoint.class, ack -> {
                    coordinator.tell(new CheckpointCoordinator.Acknowledge(ack.checkpointId(), ack.task().taskKey(), ack.snapshot()));
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.DeclineCheckpoint.class, decline -> {
                    coordinator.tell(new CheckpointCoordinator.Decline(decline.checkpointId(), decline.task().taskKey(),
                            decline.reason()));
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.FromCoordinator.class, event -> onCoordinator(event.event()))
                .onMessage(JobMasterCommand.TaskFailed.class, this::onTaskFailed)
                .onMessage(JobMasterCommand.OutputNotKept.class, this::onOutputNotKept)
                .onMessageEquals(JobMasterCommand.TriggerCheckpoint.INSTANCE, () -> {
                    coordinator.tell(new CheckpointCoordinator.TriggerNow());
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.TriggerSavepoint.class, savepoint -> {
                    coordinator.tell(new CheckpointCoordinator.TriggerSavepoint(savepoint.parent(), savepoint.replyTo()));
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.BarrierInjected.class, injected -> {
                    barriers.injected(injected.checkpointId(), injected.offset());
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.BarrierReached.class, reached -> {
                    barriers.reached(reached.checkpointId(), reached.rowsBefore());
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.CancelJob.class, cancel -> {
                    restartable = false;
                    return cancelAll("cancelled: " + cancel.reason());
                })
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<JobMasterCommand> watch(JobMasterCommand.TaskStarted taskStarted) {
        tasks.started(taskStarted.task());
        context.watchWith(taskStarted.ref(), new JobMasterCommand.TaskStopped(taskStarted.task(), false));
        return Behaviors.same();
    }

    private Behavior<JobMasterCommand> onTaskFailed(JobMasterCommand.TaskFailed failed) {
        if (!tasks.isAlive(failed.task())) {
            return Behaviors.same();
        }
        context.getLog().error("job {}: task {} failed: {}\n{}", plan.graph().name(), failed.task(), failed.message(),
                failed.stackTrace());
        if (firstCause == null) {
            firstCause = failed.cause();
        }
        return taskFailed(failed.task(), failed.task() + ": " + failed.message());
    }

    /**
     * A task could not send a restarted receiver its input again: it restarts too, from the same
     * checkpoint, without a decision or delay of its own (the receiver's restart was decided).
     */
    private Behavior<JobMasterCommand> onOutputNotKept(JobMasterCommand.OutputNotKept notKept) {
        if (!tasks.isAlive(notKept.task())) {
            return Behaviors.same();
        }
        context.getLog().warn("job {}: {}", plan.graph().name(), notKept.reason());
        tasks.ended(notKept.task());
        if (finalStarted) {
            return fail(notKept.reason());
        }
        boolean underWay = restart != null;
        if (!underWay) {
            restart = new TaskRestart(notKept.reason());
            restart.delayMillis = 0;
        }
        widenRestart(notKept.task());
        Behavior<JobMasterCommand> next = restartProgress(null);
        return underWay ? next : restarting();
    }

    private Behavior<JobMasterCommand> stoppedSilently(TaskId task) {
        return taskFailed(task, task + " stopped without reporting why (it died outside its guard, was stopped by its"
                + " shard, or its node is gone)");
    }

    /**
     * Task {@code task} failed: it restarts with the tasks its strategy names (partial restarts,
     * before the final checkpoint; joining the restart under way, if any), else the attempt fails.
     */
    private Behavior<JobMasterCommand> taskFailed(TaskId task, String error) {
        tasks.ended(task);
        if (restart != null) {
            widenRestart(task);
            return restartProgress(null);
        }
        if (!partialRestarts || finalStarted || supervision.strategyFor(task.vertex()) == SupervisionStrategy.ONE_FOR_ALL) {
            return fail(error);
        }
        services.registry().get(plan.jobId()).ifPresent(job -> job.metrics().attemptFailed(newestAttempt, System.nanoTime()));
        restart = new TaskRestart(error);
        replyTo.tell(new JobMasterCommand.TasksFailed(error));
        widenRestart(task);
        restartProgress(null); // the old incarnations' cancellation is timed from here
        return restarting();
    }

    /** Adds {@code failed} and every task downstream of it to the restart under way: they are cancelled. */
    private void widenRestart(TaskId failed) {
        SupervisionStrategy strategy = supervision.strategyFor(failed.vertex());
        Set<String> scope = RestartScope.of(plan, strategy, failed);
        scope.removeAll(restart.keys);
        if (scope.isEmpty()) {
            return;
        }
        boolean widened = strategy == SupervisionStrategy.ONE_FOR_ONE && !RestartScope.restartsAlone(plan, failed);
        context.getLog().warn("job {}: {} failed; {} restart from the last completed checkpoint ({})", plan.graph().name(),
                failed, scope, widened ? "one-for-one: it merges several input channels, rebalances its output or is a"
                        + " source, so everything downstream of it restarts too, see docs/supervision.md" : strategy);
        restart.keys.addAll(scope);
        for (TaskId task : tasks.restart(scope)) {
            restart.cancelling.add(task);
            services.task(task).tell(new TaskCommand.Cancel("restarting with " + failed));
        }
        restart.restartPoints++;
        coordinator.tell(new CheckpointCoordinator.TasksRestarting(scope, context.messageAdapter(
                CheckpointCoordinator.RestartPoint.class, point -> new JobMasterCommand.RestartPointReached(point.finalStarted()))));
    }

    /**
     * A partial restart: waits until the restarted tasks' old incarnations are gone, the coordinator
     * stores no checkpoint any more, and the supervisor has decided; then, after the delay, deploys
     * them as a new attempt restored from the last completed checkpoint. The other tasks go on.
     */
    private Behavior<JobMasterCommand> restarting() {
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.TaskCancelled.class, cancelled -> restartProgress(cancelled.task()))
                .onMessage(JobMasterCommand.TaskFailed.class, failed -> restart.cancelling.contains(failed.task())
                        ? restartProgress(failed.task()) : onTaskFailed(failed))
                .onMessage(JobMasterCommand.OutputNotKept.class, notKept -> restart.cancelling.contains(notKept.task())
                        ? restartProgress(notKept.task()) : onOutputNotKept(notKept))
                .onMessage(JobMasterCommand.TaskStopped.class, stopped -> onStopped(stopped, this::stoppedSilently,
                        task -> restart.cancelling.contains(task) ? restartProgress(task) : Behaviors.same()))
                .onMessage(JobMasterCommand.TaskFinished.class, done -> restart.cancelling.contains(done.task())
                        ? restartProgress(done.task()) : onFinished(done))
                .onMessage(JobMasterCommand.TaskStarted.class, this::watch)
                .onMessage(JobMasterCommand.AcknowledgeCheckpoint.class, ack -> Behaviors.same()) // all pending are aborted
                .onMessage(JobMasterCommand.FromCoordinator.class, event -> onCoordinator(event.event()))
                .onMessage(JobMasterCommand.RestartPointReached.class, reached -> {
                    if (reached.finalStarted()) { // the finished tasks' final snapshots are in it: the whole job restarts
                        return fail(restart.error);
                    }
                    restart.restartPoints--;
                    return restartProgress(null);
                })
                .onMessage(JobMasterCommand.RestartDecided.class, decided -> {
                    if (decided.gaveUp() != null) {
                        restartable = false;
                        return fail(restart.error + " (" + decided.gaveUp() + ")");
                    }
                    restart.delayMillis = decided.delayMillis();
                    return restartProgress(null);
                })
                .onMessageEquals(JobMasterCommand.TasksRestartDue.INSTANCE, () -> {
                    restart.due = true;
                    return restartProgress(null);
                })
                .onMessage(JobMasterCommand.TasksRestoring.class, restoring -> {
                    if (restoring.failure() != null) {
                        return fail(restart.error + "; cannot restart its tasks: " + restoring.failure());
                    }
                    restart.restoring = restoring;
                    return restartProgress(null);
                })
                .onMessageEquals(JobMasterCommand.CancelTimeout.INSTANCE, () -> fail(restart.error + "; tasks "
                        + restart.cancelling + " did not confirm their cancellation within " + CANCEL_TIMEOUT.toSeconds() + " s"))
                .onMessage(JobMasterCommand.BarrierInjected.class, injected -> Behaviors.same())
                .onMessage(JobMasterCommand.CancelJob.class, cancel -> {
                    restartable = false;
                    return cancelAll("cancelled: " + cancel.reason());
                })
                .onMessage(JobMasterCommand.TriggerSavepoint.class, savepoint -> refuse(savepoint, "is restarting tasks"))
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    /** One step of the partial restart under way ({@code gone}: a restarted task's old incarnation ended). */
    private Behavior<JobMasterCommand> restartProgress(TaskId gone) {
        if (gone != null) {
            restart.cancelling.remove(gone);
        }
        TaskRestart.Step step = restart.next();
        if (step == TaskRestart.Step.AWAIT_CANCELLATION) {
            timers.startSingleTimer(JobMasterCommand.CancelTimeout.INSTANCE, CANCEL_TIMEOUT);
        } else {
            timers.cancel(JobMasterCommand.CancelTimeout.INSTANCE);
        }
        switch (step) {
            case START_DELAY -> timers.startSingleTimer(JobMasterCommand.TasksRestartDue.INSTANCE,
                    Duration.ofMillis(restart.delayMillis));
            case LOAD -> {
                context.pipeToSelf(RestorePoint.load(storage, plan.jobId(), fromSavepoint, services.snapshotExecutor())
                        .thenCombine(storage.nextAttempt(plan.jobId()).toCompletableFuture(),
                                (restored, number) -> new JobMasterCommand.TasksRestoring(restored.orElse(null), number, null)),
                        (restoring, failure) -> failure == null ? restoring
                                : new JobMasterCommand.TasksRestoring(null, 0, rootMessage(failure)));
            }
            case DEPLOY -> {
                return redeploy(restart.restoring.restored(), restart.restoring.attempt());
            }
            default -> { } // waiting for an answer
        }
        return Behaviors.same();
    }

    /** Deploys the restarted tasks as attempt {@code newAttempt}, restored from {@code restored} (null: afresh). */
    private Behavior<JobMasterCommand> redeploy(CheckpointStorage.Restored restored, int newAttempt) {
        Map<TaskId, RestoredTask> assignment;
        try {
            assignment = RestoreAssignment.of(plan, newAttempt, restored);
        } catch (IllegalArgumentException e) {
            restartable = false;
            return fail(e.getMessage()); // the tasks that went on are cancelled
        }
        newestAttempt = newAttempt;
        if (restored != null) { // the restarted tasks' counts are of the rows after it
            resumedFrom = restored.checkpoint().checkpointId();
        }
        List<TaskId> restarted = tasks.restarted(restart.keys, newAttempt);
        boolean exactlyOnce = checkpoints.mode() == CheckpointingMode.EXACTLY_ONCE;
        for (TaskId task : restarted) {
            services.task(task).tell(new TaskCommand.Deploy(context.getSelf(), assignment.get(task), exactlyOnce,
                    tasks.upstreamAttempts(task), lastTriggered));
        }
        for (TaskId task : restarted) { // a task restarted alone: its receivers take its credits, and drop its repeats
            tasks.receiversOutside(task, restart.keys)
                    .forEach(receiver -> services.task(receiver).tell(new TaskCommand.UpstreamRestarted(task)));
        }
        coordinator.tell(new CheckpointCoordinator.TasksRestarted());
        context.getLog().info("job {} ({}): restarted {} as attempt {}{}", plan.graph().name(), plan.jobId(), restart.keys,
                newAttempt, restored == null ? ", afresh" : ", from checkpoint " + restored.checkpoint().checkpointId());
        restart = null;
        timers.startSingleTimer(JobMasterCommand.StartTimeout.INSTANCE, supervision.startTimeout());
        return running();
    }

    /**
     * A task's actor stopped: {@code stillRunning} handles it if it had not reported its end,
     * {@code otherwise} if it had. The first notice is looked at again behind the messages already
     * queued: DeathWatch's notice is a system message and may overtake the task's own last report
     * (TaskFinished, TaskFailed).
     */
    private Behavior<JobMasterCommand> onStopped(JobMasterCommand.TaskStopped stopped,
                                                 Function<TaskId, Behavior<JobMasterCommand>> stillRunning,
                                                 Function<TaskId, Behavior<JobMasterCommand>> otherwise) {
        if (!stopped.recheck()) {
            context.getSelf().tell(new JobMasterCommand.TaskStopped(stopped.task(), true));
            return Behaviors.same();
        }
        return tasks.isAlive(stopped.task()) ? stillRunning.apply(stopped.task()) : otherwise.apply(stopped.task());
    }

    /** The attempt has failed: the time to recover starts now; the other tasks are cancelled. */
    private Behavior<JobMasterCommand> fail(String error) {
        services.registry().get(plan.jobId()).ifPresent(job -> job.metrics().attemptFailed(newestAttempt, System.nanoTime()));
        context.getLog().error("job {} ({}, attempt {}) failed: {}", plan.graph().name(), plan.jobId(), attempt, error);
        return cancelAll(error);
    }

    /** A task finished its input: its final snapshot goes to the coordinator; a sink stays until it has committed. */
    private Behavior<JobMasterCommand> onFinished(JobMasterCommand.TaskFinished done) {
        if (!tasks.isAlive(done.task())) {
            return Behaviors.same(); // an incarnation restarted since
        }
        tasks.finished(done.task(), done.stats(), partialRestarts); // it stays, its output kept, until the final checkpoint
        coordinator.tell(new CheckpointCoordinator.TaskFinished(done.task().taskKey(), done.finalSnapshot()));
        return Behaviors.same();
    }

    private Behavior<JobMasterCommand> onCoordinator(CheckpointCoordinator.Event event) {
        if (event instanceof CheckpointCoordinator.InjectBarrier inject) {
            lastTriggered = inject.checkpointId();
            replyTo.tell(new JobMasterCommand.CheckpointTriggered(inject.checkpointId()));
            CheckpointBarrier barrier = new CheckpointBarrier(inject.checkpointId(), inject.timestamp(), inject.savepoint()
                    ? CheckpointBarrier.CheckpointKind.SAVEPOINT : CheckpointBarrier.CheckpointKind.CHECKPOINT);
            tasks.sourcesReading().forEach(source -> services.task(source).tell(new TaskCommand.InjectBarrier(barrier)));
        } else if (event instanceof CheckpointCoordinator.FinalStarted last) {
            finalStarted = true;
            lastTriggered = last.checkpointId();
            replyTo.tell(new JobMasterCommand.CheckpointTriggered(last.checkpointId()));
        } else if (event instanceof CheckpointCoordinator.Completed completed) {
            services.registry().get(plan.jobId()).ifPresent(job ->
                    job.metrics().checkpointCompleted(completed.checkpointId(), completed.duration()));
            TaskCommand complete = new TaskCommand.CheckpointComplete(completed.checkpointId(), completed.finalOne());
            tasks.running().forEach(task -> services.task(task).tell(complete));
            tasks.lingering().forEach(task -> services.task(task).tell(complete));
            if (completed.finalOne()) {
                tasks.takeLingering(); // they stop on it
            }
        } else if (event instanceof CheckpointCoordinator.Aborted aborted) {
            services.registry().get(plan.jobId()).ifPresent(job -> job.metrics().checkpointAborted());
            tasks.running().forEach(task -> services.task(task).tell(new TaskCommand.CheckpointAborted(aborted.checkpointId())));
        } else if (event instanceof CheckpointCoordinator.Failed failed) {
            return fail(failed.reason());
        }
        return Behaviors.same();
    }

    /** Every sink committed the final checkpoint: the job's checkpoints go, then the job has succeeded. */
    private Behavior<JobMasterCommand> discardCheckpoints() {
        coordinator.tell(new CheckpointCoordinator.JobFinished(context.messageAdapter(CheckpointCoordinator.Done.class,
                done -> JobMasterCommand.CheckpointsDiscarded.INSTANCE)));
        return Behaviors.receive(JobMasterCommand.class)
                .onMessageEquals(JobMasterCommand.CheckpointsDiscarded.INSTANCE, () -> complete(null))
                .onMessage(JobMasterCommand.TriggerSavepoint.class, savepoint -> refuse(savepoint, "has finished"))
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<JobMasterCommand> cancelAll(String error) {
        tasks.takeLingering().forEach(task -> services.task(task).tell(new TaskCommand.Cancel(error))); // nothing to wait for
        if (tasks.running().isEmpty()) {
            return complete(error);
        }
        tasks.running().forEach(task -> services.task(task).tell(new TaskCommand.Cancel(error)));
        return Behaviors.withTimers(timers -> cancelling(error, timers));
    }

    private Behavior<JobMasterCommand> cancelling(String error, TimerScheduler<JobMasterCommand> timers) {
        timers.startSingleTimer(JobMasterCommand.CancelTimeout.INSTANCE, CANCEL_TIMEOUT);
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.TaskCancelled.class, cancelled -> settle(cancelled.task(), error))
                .onMessage(JobMasterCommand.TaskCommitted.class, committed -> settle(committed.task(), error))
                .onMessage(JobMasterCommand.TaskFinished.class, done -> tasks.isSink(done.task())
                        ? Behaviors.same() : settle(done.task(), error))
                .onMessage(JobMasterCommand.TaskFailed.class, failed -> settle(failed.task(), error))
                .onMessage(JobMasterCommand.TaskStarted.class, this::watch)
                .onMessage(JobMasterCommand.TaskStopped.class, stopped -> onStopped(stopped, task -> settle(task, error),
                        task -> Behaviors.same()))
                .onMessage(JobMasterCommand.CancelJob.class, cancel -> {
                    restartable = false;
                    return Behaviors.same();
                })
                .onMessageEquals(JobMasterCommand.CancelTimeout.INSTANCE, () -> {
                    context.getLog().warn("job {}: tasks {} did not confirm cancellation within {}",
                            plan.graph().name(), tasks.running(), CANCEL_TIMEOUT);
                    return complete(error);
                })
                .onMessage(JobMasterCommand.TriggerSavepoint.class, savepoint -> refuse(savepoint, "is being cancelled"))
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<JobMasterCommand> settle(TaskId task, String error) {
        return tasks.ended(task) ? complete(error) : Behaviors.same();
    }

    /** Ends the attempt in a way no restart mends (cancelled, cannot be restored). */
    private Behavior<JobMasterCommand> completeFinally(String error) {
        restartable = false;
        return complete(error);
    }

    private Behavior<JobMasterCommand> complete(String error) {
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        if (error == null) {
            context.getLog().info("job {} ({}) finished in {} ms", plan.graph().name(), plan.jobId(), duration.toMillis());
        }
        replyTo.tell(new JobMasterCommand.AttemptEnded(new JobResult(plan.jobId(), plan.graph().name(), error == null,
                error, duration, tasks.statsByVertex(), barriers.complete(), resumedFrom, 0, firstCause), restartable && error != null));
        return Behaviors.stopped();
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
