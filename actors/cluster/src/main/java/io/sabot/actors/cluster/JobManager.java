package io.sabot.actors.cluster;

import io.sabot.actors.runtime.JobMaster;
import io.sabot.actors.runtime.JobMasterCommand;
import io.sabot.actors.runtime.JobRegistry;
import io.sabot.actors.runtime.JobResult;
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
 * The cluster singleton that runs jobs (Flink's dispatcher): it starts one {@link JobMaster} per
 * submitted job and forwards commands to it. The job must be registered in the
 * {@link JobRegistry} of the node it runs on.
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

    /** A job master stopped; the entry is removed only if it is still that master's (a new attempt may run). */
    record JobEnded(String jobId, ActorRef<JobMasterCommand> master) implements Command {}

    private final TaskServices services;
    private final ActorContext<Command> context;
    private final Map<String, ActorRef<JobMasterCommand>> running = new HashMap<>();
    /** The last attempt of each job this manager started: every run gets new task entities. */
    private final Map<String, Integer> attempts = new HashMap<>();

    private JobManager(TaskServices services, ActorContext<Command> context) {
        this.services = services;
        this.context = context;
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
                .onMessage(JobEnded.class, ended -> {
                    running.remove(ended.jobId(), ended.master());
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> submit(SubmitJob submit) {
        var job = services.registry().get(submit.jobId());
        if (job.isEmpty()) {
            submit.replyTo().tell(new JobResult(submit.jobId(), "?", false, "job " + submit.jobId()
                    + " is not registered on the node running the job manager", Duration.ZERO,
                    Map.of(), new TreeMap<>()));
            return Behaviors.same();
        }
        int attempt = attempts.merge(submit.jobId(), 1, Integer::sum);
        ActorRef<JobMasterCommand> master = context.spawn(JobMaster.create(job.get().plan(), attempt, services,
                submit.fromSavepoint() == null ? null : Path.of(submit.fromSavepoint()), submit.replyTo()), "job-" + submit.jobId() + "-" + attempt);
        context.watchWith(master, new JobEnded(submit.jobId(), master));
        running.put(submit.jobId(), master);
        return Behaviors.same();
    }
}
