package io.sabot.actors.runtime;

import io.sabot.checkpointing.CheckpointCoordinator;
import io.sabot.supervision.RestartBackoff;
import io.sabot.supervision.RestartDecider;
import io.sabot.supervision.RestartPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs a job through its attempts: one {@link JobMaster} per attempt; when an attempt fails in a
 * way a restart may mend, the supervision library's {@link RestartDecider} says whether and after
 * how long the job restarts (ONE_FOR_ALL: every task again, from the last completed checkpoint, as a
 * new attempt whose entities the old attempt's late messages cannot reach), or gives up. The client
 * hears one {@link JobResult}, with the number of restarts.
 *
 * <p>The tasks are sharded entities, not children of this actor: their failures reach it through
 * the job master (reports, DeathWatch, start timeout), and it applies the library's decisions.
 */
public final class JobSupervisor {

    private final ExecutionPlan plan;
    private final TaskServices services;
    private final Path fromSavepoint;
    private final ActorRef<JobResult> replyTo;
    private final ActorContext<JobMasterCommand> context;
    private final TimerScheduler<JobMasterCommand> timers;
    private final RestartDecider decider;
    private final boolean restarts; // false: restart-strategy none, a failure simply fails the job
    private final long startNanos = System.nanoTime();
    private int attempt;
    private long nextCheckpointId = 1; // no checkpoint id is used twice in a run: attempts number theirs from here
    private ActorRef<JobMasterCommand> master;
    private int triggersWhileNumbering; // checkpoints asked for before the attempt's master exists

    private JobSupervisor(ExecutionPlan plan, TaskServices services, Path fromSavepoint,
                          ActorRef<JobResult> replyTo, ActorContext<JobMasterCommand> context,
                          TimerScheduler<JobMasterCommand> timers) {
        this.plan = plan;
        this.services = services;
        this.fromSavepoint = fromSavepoint;
        this.replyTo = replyTo;
        this.context = context;
        this.timers = timers;
        SupervisionSettings settings = services.settings().supervision(plan.graph());
        RestartBackoff restartStrategy = settings.restartStrategy(services.checkpointConfig().isStored());
        this.restarts = !(restartStrategy instanceof RestartBackoff.NoRestart);
        this.decider = new RestartDecider(settings.strategy(), settings.intensity(), restartStrategy, Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Runs {@code plan}, resuming from the job's own latest checkpoint, else from savepoint
     * {@code fromSavepoint} (null: none). Each attempt gets its number from the checkpoint storage
     * ({@link io.sabot.checkpointing.CheckpointStorage#nextAttempt}), so no attempt of the job, in
     * this run or an earlier one, by this job manager or one on a lost node, shares its task entities
     * (with a checkpoint directory; without one the numbers are per node).
     */
    public static Behavior<JobMasterCommand> create(ExecutionPlan plan, TaskServices services, Path fromSavepoint,
                                                    ActorRef<JobResult> replyTo) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.setLoggerName(JobSupervisor.class);
            return new JobSupervisor(plan, services, fromSavepoint, replyTo, context, timers).numberAttempt(null);
        }));
    }

    /** Asks the storage for the next attempt's number; {@code failed}: the attempt before, if one failed. */
    private Behavior<JobMasterCommand> numberAttempt(JobResult failed) {
        context.pipeToSelf(services.checkpointStorage().nextAttempt(plan.jobId()), (number, problem) ->
                new JobMasterCommand.AttemptNumbered(number == null ? 0 : number,
                        problem == null ? null : JobMaster.rootMessage(problem)));
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.AttemptNumbered.class, numbered -> {
                    if (numbered.failure() != null) { // the storage may be back at the next try: the restart strategy decides
                        String error = "cannot number the next attempt of job " + plan.jobId() + ": " + numbered.failure();
                        return onAttemptEnded(new JobMasterCommand.AttemptEnded(
                                failed == null ? failure(error) : failed.failedWith(failed.error() + "; " + error), true));
                    }
                    attempt = numbered.attempt();
                    master = context.spawn(JobMaster.create(plan, attempt, nextCheckpointId, services, fromSavepoint,
                            context.getSelf()), "attempt-" + attempt);
                    context.watchWith(master, new JobMasterCommand.MasterStopped(master, false));
                    for (; triggersWhileNumbering > 0; triggersWhileNumbering--) {
                        master.tell(JobMasterCommand.TriggerCheckpoint.INSTANCE);
                    }
                    return running();
                })
                .onMessageEquals(JobMasterCommand.TriggerCheckpoint.INSTANCE, () -> {
                    triggersWhileNumbering++;
                    return Behaviors.same();
                })
                .onMessage(JobMasterCommand.CheckpointTriggered.class, this::onCheckpointTriggered)
                .onMessage(JobMasterCommand.CancelJob.class, cancel -> finish(failed != null
                        ? failed.failedWith("cancelled while restarting: " + cancel.reason())
                        : failure("cancelled: " + cancel.reason())))
                .onMessage(JobMasterCommand.TriggerSavepoint.class, this::refuseSavepoint)
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    /** An attempt runs: the client's commands go to its master. */
    private Behavior<JobMasterCommand> running() {
        return Behaviors.receive(JobMasterCommand.class)
                .onMessage(JobMasterCommand.AttemptEnded.class, this::onAttemptEnded)
                .onMessage(JobMasterCommand.TasksFailed.class, this::onTasksFailed)
                .onMessage(JobMasterCommand.CheckpointTriggered.class, this::onCheckpointTriggered)
                .onMessage(JobMasterCommand.MasterStopped.class, stopped -> {
                    if (!stopped.master().equals(master)) {
                        return Behaviors.same(); // an earlier attempt's master, which has answered
                    }
                    if (!stopped.recheck()) { // DeathWatch's notice may overtake the master's last message
                        context.getSelf().tell(new JobMasterCommand.MasterStopped(stopped.master(), true));
                        return Behaviors.same();
                    }
                    return onAttemptEnded(new JobMasterCommand.AttemptEnded(failure("the job master of attempt "
                            + attempt + " stopped without a result (see the log)"), false));
                })
                .onMessage(JobMasterCommand.CancelJob.class, this::toMaster)
                .onMessage(JobMasterCommand.TriggerSavepoint.class, this::toMaster)
                .onMessageEquals(JobMasterCommand.TriggerCheckpoint.INSTANCE, () -> toMaster(JobMasterCommand.TriggerCheckpoint.INSTANCE))
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    /** Checkpoint ids run on across attempts (see {@link JobMasterCommand.CheckpointTriggered}). */
    private Behavior<JobMasterCommand> onCheckpointTriggered(JobMasterCommand.CheckpointTriggered triggered) {
        nextCheckpointId = Math.max(nextCheckpointId, triggered.checkpointId() + 1);
        return Behaviors.same();
    }

    private Behavior<JobMasterCommand> toMaster(JobMasterCommand command) {
        if (master != null) {
            master.tell(command);
        }
        return Behaviors.same();
    }

    /** A task failed and its master restarts it with its downstream tasks (partial restart), if the decider agrees. */
    private Behavior<JobMasterCommand> onTasksFailed(JobMasterCommand.TasksFailed failed) {
        RestartDecider.Decision decision = decider.onExit(0, 1, RestartPolicy.TRANSIENT, true);
        if (decision instanceof RestartDecider.Restart restart) {
            context.getLog().warn("job {} ({}): {}; restart {} of its failed tasks in {} ms", plan.graph().name(),
                    plan.jobId(), failed.error(), decider.restarts(), restart.delayMillis());
            master.tell(new JobMasterCommand.RestartDecided(restart.delayMillis(), null));
        } else {
            master.tell(new JobMasterCommand.RestartDecided(0, gaveUp(decision)));
        }
        return Behaviors.same();
    }

    /** Why the decider restarts nothing, as the job's error ends. */
    private String gaveUp(RestartDecider.Decision decision) {
        String reason = decision instanceof RestartDecider.GiveUp giveUp ? giveUp.reason() : "its policy restarts nothing";
        context.getLog().error("job {} ({}): gave up after {} restart(s): {}", plan.graph().name(), plan.jobId(),
                decider.restarts(), reason);
        return "gave up restarting after " + decider.restarts() + " restart(s): " + reason;
    }

    private Behavior<JobMasterCommand> onAttemptEnded(JobMasterCommand.AttemptEnded ended) {
        master = null; // its MasterStopped, still to come, is not news
        JobResult result = ended.result();
        if (result.succeeded() || !ended.restartable() || !restarts) {
            return finish(result);
        }
        // the job is one child (ONE_FOR_ALL: all tasks restart); its tasks end normally when their input does
        RestartDecider.Decision decision = decider.onExit(0, 1, RestartPolicy.TRANSIENT, true);
        if (decision instanceof RestartDecider.Restart restart) {
            context.getLog().warn("job {} ({}): attempt {} failed: {}; restart {} from the last completed"
                    + " checkpoint in {} ms", plan.graph().name(), plan.jobId(), attempt, result.error(),
                    decider.restarts(), restart.delayMillis());
            timers.startSingleTimer(JobMasterCommand.RestartDue.INSTANCE, Duration.ofMillis(restart.delayMillis()));
            return waiting(result);
        }
        return finish(result.failedWith(result.error() + " (" + gaveUp(decision) + ")"));
    }

    /** Between a failed attempt and the next: nothing runs. */
    private Behavior<JobMasterCommand> waiting(JobResult failed) {
        return Behaviors.receive(JobMasterCommand.class)
                .onMessageEquals(JobMasterCommand.RestartDue.INSTANCE, () -> numberAttempt(failed))
                .onMessage(JobMasterCommand.CheckpointTriggered.class, this::onCheckpointTriggered)
                .onMessage(JobMasterCommand.CancelJob.class, cancel -> {
                    timers.cancel(JobMasterCommand.RestartDue.INSTANCE);
                    return finish(failed.failedWith("cancelled while restarting: " + cancel.reason()));
                })
                .onMessage(JobMasterCommand.TriggerSavepoint.class, this::refuseSavepoint)
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<JobMasterCommand> refuseSavepoint(JobMasterCommand.TriggerSavepoint savepoint) {
        savepoint.replyTo().tell(new CheckpointCoordinator.SavepointResult(null, "job " + plan.jobId()
                + " is starting or restarting after a failure: no savepoint taken"));
        return Behaviors.same();
    }

    private Behavior<JobMasterCommand> finish(JobResult result) {
        replyTo.tell(result.afterRestarts(decider.restarts(), Duration.ofNanos(System.nanoTime() - startNanos)));
        return Behaviors.stopped();
    }

    private JobResult failure(String error) {
        return new JobResult(plan.jobId(), plan.graph().name(), false, error, Duration.ZERO, Map.of(), new TreeMap<>(), -1, 0, null);
    }
}
