package io.sabot.actors.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The cluster singleton that runs jobs (Flink's dispatcher): it starts one {@link JobMaster} per
 * submitted job. The job must be registered in the {@link JobRegistry} of the node it runs on.
 */
public final class JobManager {

    public sealed interface Command {}

    public record SubmitJob(String jobId, ActorRef<JobResult> replyTo) implements Command {}

    private JobManager() {}

    public static Behavior<Command> create(TaskServices services) {
        return Behaviors.setup(context -> Behaviors.receive(Command.class)
                .onMessage(SubmitJob.class, submit -> {
                    var job = services.registry().get(submit.jobId());
                    if (job.isEmpty()) {
                        submit.replyTo().tell(new JobResult(submit.jobId(), "?", false, "job " + submit.jobId()
                                + " is not registered on the node running the job manager", Duration.ZERO,
                                Map.of(), new TreeMap<>()));
                    } else {
                        context.spawn(JobMaster.create(job.get().plan(), services, submit.replyTo()),
                                "job-" + submit.jobId());
                    }
                    return Behaviors.same();
                })
                .build());
    }
}
