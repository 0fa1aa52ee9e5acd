package io.sabot.actors.cluster;

import io.sabot.actors.runtime.JobMasterCommand;
import io.sabot.actors.runtime.JobRegistry;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.runtime.JobSupervisor;
import io.sabot.actors.runtime.TaskServices;
import io.sabot.actors.serialization.ControlMessage;
import io.sabot.checkpointing.CheckpointCoordinator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The cluster singleton that runs jobs (Flink's dispatcher): it starts one {@link JobSupervisor} per
 * submitted job (which runs the job's attempts) and forwards commands to it. The job must be
 * registered in the {@link JobRegistry} of the node it runs on; one run of a job at a time.
 *
 * <p>In a cluster every node registers the same job and <em>joins</em> it ({@link SubmitJob#join}):
 * the first join starts it, the others wait for the same result. When the node that ran this
 * singleton is lost, Pekko starts a new one on the oldest node left; the nodes join again
 * ({@link JobClient}) and it starts the job anew, resuming from its last completed checkpoint.
 */
public final class JobManager {

    public sealed interface Command extends ControlMessage {}

    /**
     * Starts a registered job; it resumes from its latest checkpoint, else from savepoint
     * {@code fromSavepoint} (null: none). {@code join}: if it runs already, {@code replyTo} hears its
     * result too, and if it ended, the result it ended with (the nodes of a cluster each submit it).
     */
    public record SubmitJob(String jobId, String fromSavepoint, ActorRef<JobResult> replyTo, boolean join)
            implements Command {}

    /** Triggers a checkpoint of a running job now. */
    public record TriggerCheckpoint(String jobId) implements Command {}

    /** Takes a savepoint of a running job into a new directory under {@code parent}. */
    public record TriggerSavepoint(String jobId, String parent, ActorRef<CheckpointCoordinator.SavepointResult> replyTo)
            implements Command {}

    /** Cancels a running job: its tasks discard their output; its checkpoints stay, to resume from. */
    public record CancelJob(String jobId, String reason) implements Command {}

    /** Looks again at joins waiting for their job to be registered on this node. */
    enum RecheckJoins implements Command { INSTANCE }

    /** A job's supervisor answered. */
    record JobDone(JobResult result) implements Command {}

    /**
     * A job's supervisor stopped (after its answer, or without one: then the submitter hears of a
     * failure); {@code recheck}: seen once, looked at again behind the answer DeathWatch may overtake.
     */
    record JobEnded(String jobId, ActorRef<JobMasterCommand> supervisor, boolean recheck) implements Command {}

    /** How long a join waits for its job to be registered on this node (every node builds it at start-up). */
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(30);

    private final TaskServices services;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Map<String, ActorRef<JobMasterCommand>> running = new HashMap<>();
    private final Map<String, Set<ActorRef<JobResult>>> submitters = new HashMap<>();
    /**
     * The result each job ended with, for nodes that join it late, kept {@link #ENDED_KEPT}: a join
     * after that starts the job anew (a new run of the same job on a long-lived cluster).
     */
    private final Map<String, Ended> ended = new HashMap<>();
    private static final Duration ENDED_KEPT = Duration.ofMinutes(1);

    /** How a job ended, and when ({@code System.nanoTime()}). */
    private record Ended(JobResult result, long atNanos) {
        boolean recent() {
            return System.nanoTime() - atNanos < ENDED_KEPT.toNanos();
        }
    }
    /** Joins of jobs not (yet) registered on this node, with when they arrived. */
    private final Map<SubmitJob, Long> waitingJoins = new LinkedHashMap<>();
    private final ActorRef<JobResult> results;
    private long runs; // names the supervisors apart: a job may run again before its old supervisor's name is free

    private JobManager(TaskServices services, ActorContext<Command> context, TimerScheduler<Command> timers) {
        this.services = services;
        this.context = context;
        this.timers = timers;
        this.results = context.messageAdapter(JobResult.class, JobDone::new);
    }

    public static Behavior<Command> create(TaskServices services) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new JobManager(services, context, timers).behavior()));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(SubmitJob.class, this::submit)
                .onMessageEquals(RecheckJoins.INSTANCE, () -> {
                    var waiting = new ArrayList<>(waitingJoins.keySet());
                    waiting.forEach(this::submit);
                    return Behaviors.same();
                })
                .onMessage(TriggerCheckpoint.class, trigger -> {
                    ActorRef<JobMasterCommand> master = running.get(trigger.jobId());
                    if (master != null) {
                        master.tell(JobMasterCommand.TriggerCheckpoint.INSTANCE);
                    }
                    return Behaviors.same();
                })
                .onMessage(TriggerSavepoint.class, savepoint -> {
                    ActorRef<JobMasterCommand> master = running.get(savepoint.jobId());
                    if (master != null) {
                        master.tell(new JobMasterCommand.TriggerSavepoint(savepoint.parent(), savepoint.replyTo()));
                    } else {
                        savepoint.replyTo().tell(new CheckpointCoordinator.SavepointResult(null,
                                "job " + savepoint.jobId() + " is not running: no savepoint taken"));
                    }
                    return Behaviors.same();
                })
                .onMessage(CancelJob.class, cancel -> {
                    ActorRef<JobMasterCommand> master = running.get(cancel.jobId());
                    if (master != null) {
                        master.tell(new JobMasterCommand.CancelJob(cancel.reason()));
                    }
                    return Behaviors.same();
                })
                .onMessage(JobDone.class, done -> {
                    String jobId = done.result().jobId();
                    running.remove(jobId);
                    ended.put(jobId, new Ended(done.result(), System.nanoTime()));
                    Set<ActorRef<JobResult>> waiting = submitters.remove(jobId);
                    if (waiting != null) {
                        waiting.forEach(submitter -> submitter.tell(done.result()));
                    }
                    return Behaviors.same();
                })
                .onMessage(JobEnded.class, stopped -> {
                    if (!stopped.recheck()) {
                        context.getSelf().tell(new JobEnded(stopped.jobId(), stopped.supervisor(), true));
                    } else if (running.remove(stopped.jobId(), stopped.supervisor())) {
                        // stopped without answering: a bug, but the submitters must not wait forever
                        JobResult failure = failed(stopped.jobId(), "the supervisor of job " + stopped.jobId()
                                + " stopped without a result (see the log)");
                        ended.put(stopped.jobId(), new Ended(failure, System.nanoTime()));
                        submitters.remove(stopped.jobId()).forEach(submitter -> submitter.tell(failure));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> submit(SubmitJob submit) {
        String jobId = submit.jobId();
        Long waitingSince = waitingJoins.remove(submit);
        if (submit.join() && running.containsKey(jobId)) {
            submitters.get(jobId).add(submit.replyTo());
            return Behaviors.same();
        }
        Ended before = ended.get(jobId);
        if (submit.join() && before != null && before.recent()) {
            submit.replyTo().tell(before.result());
            return Behaviors.same();
        }
        var job = services.registry().get(jobId);
        if (job.isEmpty()) {
            long now = System.nanoTime();
            if (submit.join() && (waitingSince == null || now - waitingSince < REGISTRATION_TIMEOUT.toNanos())) {
                waitingJoins.put(submit, waitingSince == null ? now : waitingSince); // this node is still building it
                timers.startSingleTimer(RecheckJoins.INSTANCE, Duration.ofMillis(100));
                return Behaviors.same();
            }
            submit.replyTo().tell(failed(jobId, "job " + jobId + " is not registered on the node running the job manager ("
                    + context.getSystem().address() + ")" + (submit.join() ? " within " + REGISTRATION_TIMEOUT : "")));
            return Behaviors.same();
        }
        if (running.containsKey(jobId)) {
            submit.replyTo().tell(failed(jobId, "job " + jobId + " is already running"));
            return Behaviors.same();
        }
        ended.remove(jobId);
        ActorRef<JobMasterCommand> supervisor = context.spawn(JobSupervisor.create(job.get().plan(), services,
                submit.fromSavepoint() == null ? null : Path.of(submit.fromSavepoint()), results),
                "job-" + jobId + "-" + ++runs);
        context.watchWith(supervisor, new JobEnded(jobId, supervisor, false));
        running.put(jobId, supervisor);
        submitters.put(jobId, new LinkedHashSet<>(List.of(submit.replyTo())));
        return Behaviors.same();
    }

    private static JobResult failed(String jobId, String error) {
        return new JobResult(jobId, "?", false, error, Duration.ZERO, Map.of(), new TreeMap<>(), -1, 0, null);
    }
}
