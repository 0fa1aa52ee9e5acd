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
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The cluster singleton that runs jobs (Flink's dispatcher): it starts one {@link JobSupervisor} per
 * submitted job (which runs the job's attempts) and forwards commands to it. The job must be
 * registered in the {@link JobRegistry} of the node it runs on; one run of a job at a time.
 */
public final class JobManager {

    public sealed interface Command extends ControlMessage {}

    /** Starts a registered job; it resumes from its latest checkpoint, else from savepoint {@code fromSavepoint} (null: none). */
    public record SubmitJob(String jobId, String fromSavepoint, ActorRef<JobResult> replyTo) implements Command {}

    /** Triggers a checkpoint of a running job now. */
    public record TriggerCheckpoint(String jobId) implements Command {}

    /** Takes a savepoint of a running job into a new directory under {@code parent}. */
    public record TriggerSavepoint(String jobId, String parent, ActorRef<CheckpointCoordinator.SavepointResult> replyTo)
            implements Command {}

    /** Cancels a running job: its tasks discard their output; its checkpoints stay, to resume from. */
    public record CancelJob(String jobId, String reason) implements Command {}

    /** A job's supervisor answered. */
    record JobDone(JobResult result) implements Command {}

    /**
     * A job's supervisor stopped (after its answer, or without one: then the submitter hears of a
     * failure); {@code recheck}: seen once, looked at again behind the answer DeathWatch may overtake.
     */
    record JobEnded(String jobId, ActorRef<JobMasterCommand> supervisor, boolean recheck) implements Command {}

    private final TaskServices services;
    private final ActorContext<Command> context;
    private final Map<String, ActorRef<JobMasterCommand>> running = new HashMap<>();
    private final Map<String, ActorRef<JobResult>> submitters = new HashMap<>();
    /** The last attempt of each job this manager ran (restarts included): every attempt gets new task entities. */
    private final Map<String, Integer> attempts = new HashMap<>();
    private final ActorRef<JobResult> results;

    private JobManager(TaskServices services, ActorContext<Command> context) {
        this.services = services;
        this.context = context;
        this.results = context.messageAdapter(JobResult.class, JobDone::new);
    }

    public static Behavior<Command> create(TaskServices services) {
        return Behaviors.setup(context -> new JobManager(services, context).behavior());
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(SubmitJob.class, this::submit)
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
                    attempts.merge(jobId, done.result().restarts(), Integer::sum); // the restarts used the next numbers
                    running.remove(jobId);
                    ActorRef<JobResult> submitter = submitters.remove(jobId);
                    if (submitter != null) {
                        submitter.tell(done.result());
                    }
                    return Behaviors.same();
                })
                .onMessage(JobEnded.class, ended -> {
                    if (!ended.recheck()) {
                        context.getSelf().tell(new JobEnded(ended.jobId(), ended.supervisor(), true));
                    } else if (running.remove(ended.jobId(), ended.supervisor())) {
                        // stopped without answering: a bug, but the submitter must not wait forever
                        attempts.merge(ended.jobId(), 1000, Integer::sum); // its restarts' numbers are unknown: skip past them
                        submitters.remove(ended.jobId()).tell(failed(ended.jobId(), "the supervisor of job "
                                + ended.jobId() + " stopped without a result (see the log)"));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> submit(SubmitJob submit) {
        var job = services.registry().get(submit.jobId());
        if (job.isEmpty()) {
            submit.replyTo().tell(failed(submit.jobId(), "job " + submit.jobId()
                    + " is not registered on the node running the job manager"));
            return Behaviors.same();
        }
        if (running.containsKey(submit.jobId())) {
            submit.replyTo().tell(failed(submit.jobId(), "job " + submit.jobId() + " is already running"));
            return Behaviors.same();
        }
        int attempt = attempts.merge(submit.jobId(), 1, Integer::sum);
        ActorRef<JobMasterCommand> supervisor = context.spawn(JobSupervisor.create(job.get().plan(), attempt, services,
                submit.fromSavepoint() == null ? null : Path.of(submit.fromSavepoint()), results),
                "job-" + submit.jobId() + "-" + attempt);
        context.watchWith(supervisor, new JobEnded(submit.jobId(), supervisor, false));
        running.put(submit.jobId(), supervisor);
        submitters.put(submit.jobId(), submit.replyTo());
        return Behaviors.same();
    }

    private static JobResult failed(String jobId, String error) {
        return new JobResult(jobId, "?", false, error, Duration.ZERO, Map.of(), new TreeMap<>(), -1, 0, null);
    }
}
