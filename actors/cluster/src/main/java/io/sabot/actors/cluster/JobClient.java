package io.sabot.actors.cluster;

import io.sabot.actors.runtime.JobResult;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A node's end of one submitted job: hands its result to {@code onResult}; the node sends the
 * first {@link JobManager.SubmitJob} itself, naming this actor, before the caller can send more
 * (a checkpoint trigger must not overtake it). When it joins a cluster-wide job it also submits again whenever a member is
 * removed before the result came: if that member ran the singleton, the new one (on the oldest
 * node left) knows nothing of the job and starts it from its last completed checkpoint; if not,
 * the running manager just counts this node as waiting, once. It also joins again every
 * {@link #REJOIN_INTERVAL} until the result comes: a join sent while the singleton proxy still
 * pointed at the lost node is lost with it.
 */
final class JobClient {

    static final Duration REJOIN_INTERVAL = Duration.ofSeconds(5);

    private JobClient() {}

    /** The submit that makes {@code client} hear the job's result. */
    static JobManager.SubmitJob submit(String jobId, String fromSavepoint, boolean join, ActorRef<Object> client) {
        return new JobManager.SubmitJob(jobId, fromSavepoint, client.narrow(), join);
    }

    /**
     * Waits for the result of job {@code jobId} ({@code fromSavepoint}, {@code join}: as {@link JobManager.SubmitJob}
     * says), whose first submit, {@link #submit} of this actor, the node sends; a join is sent again as said above.
     */
    static Behavior<Object> create(String jobId, String fromSavepoint, boolean join,
                                   ActorRef<JobManager.Command> jobManager, Consumer<JobResult> onResult) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            JobManager.SubmitJob submit = submit(jobId, fromSavepoint, join, context.getSelf());
            if (join) {
                Cluster.get(context.getSystem()).subscriptions()
                        .tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberRemoved.class));
                timers.startTimerWithFixedDelay(submit, REJOIN_INTERVAL); // idempotent: the manager keeps a set
            }
            Cluster cluster = Cluster.get(context.getSystem());
            return Behaviors.receive(Object.class)
                    .onMessage(JobResult.class, result -> {
                        onResult.accept(result);
                        return Behaviors.stopped();
                    })
                    .onMessage(ClusterEvent.MemberRemoved.class, removed -> {
                        if (!removed.member().equals(cluster.selfMember())) {
                            context.getLog().info("job {}: member {} was removed; joining the job again (a job manager"
                                    + " that took over starts it from its last completed checkpoint)",
                                    submit.jobId(), removed.member().address());
                            jobManager.tell(submit);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(JobManager.SubmitJob.class, again -> {
                        jobManager.tell(again);
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
