package io.sabot.actors.cluster;

import io.sabot.actors.graph.VertexSpec;
import io.sabot.actors.runtime.JobMasterCommand;
import io.sabot.actors.runtime.JobRegistry;
import io.sabot.actors.runtime.TaskCommand;
import io.sabot.actors.runtime.TaskFactory;
import io.sabot.actors.runtime.TaskId;
import io.sabot.actors.runtime.TaskServices;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * A task as a Cluster Sharding entity, id {@code job/attempt/vertex/subtask}. It waits for its job master's
 * {@code Deploy} (stashing credits that arrive earlier), builds the task from the job registered on
 * this node, and passivates itself when the task ends.
 */
public final class TaskEntity {

    /** Agents run on the default dispatcher. */
    public static final EntityTypeKey<TaskCommand> AGENTS = EntityTypeKey.create(TaskCommand.class, "sabot-agent");

    /** Sources and sinks do blocking file I/O: they run on the blocking-I/O dispatcher. */
    public static final EntityTypeKey<TaskCommand> IO = EntityTypeKey.create(TaskCommand.class, "sabot-io");

    private static final int STASH_CAPACITY = 100_000;

    /** A task entity that gets no Deploy this long was restarted by a late message: it stops. */
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A Deploy for a job this node has not registered waits this long for it: the nodes of a cluster
     * each build the job at start-up, and one may be a moment behind the job manager's.
     */
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REGISTRATION_RECHECK = Duration.ofMillis(100);

    private TaskEntity() {}

    public static EntityTypeKey<TaskCommand> typeKeyFor(VertexSpec vertex) {
        return vertex.doesIo() ? IO : AGENTS;
    }

    public static Behavior<TaskCommand> create(EntityContext<TaskCommand> entity, TaskServices services) {
        TaskId id = TaskId.parse(entity.getEntityId());
        return Behaviors.setup(context -> Behaviors.withStash(STASH_CAPACITY,
                stash -> awaitingDeploy(id, context, stash, entity.getShard(), services)));
    }

    private static Behavior<TaskCommand> awaitingDeploy(TaskId id, ActorContext<TaskCommand> context,
                                                        StashBuffer<TaskCommand> stash,
                                                        ActorRef<ClusterSharding.ShardCommand> shard,
                                                        TaskServices services) {
        context.setReceiveTimeout(DEPLOY_TIMEOUT, TaskCommand.DeployTimeout.INSTANCE);
        long[] firstDeploy = {0}; // when the first Deploy came, while waiting for the job's registration
        TaskCommand.Deploy[] waiting = {null}; // that Deploy, while it waits
        return Behaviors.receive(TaskCommand.class)
                .onMessage(TaskCommand.Deploy.class, deploy -> {
                    Optional<JobRegistry.RegisteredJob> job = services.registry().get(id.jobId());
                    if (firstDeploy[0] == 0) {
                        firstDeploy[0] = System.nanoTime();
                    }
                    if (job.isEmpty() && System.nanoTime() - firstDeploy[0] < REGISTRATION_TIMEOUT.toNanos()) {
                        waiting[0] = deploy;
                        context.scheduleOnce(REGISTRATION_RECHECK, context.getSelf(), deploy);
                        return Behaviors.same();
                    }
                    context.cancelReceiveTimeout();
                    deploy.master().tell(new JobMasterCommand.TaskStarted(id, context.getSelf())); // it watches us from now
                    if (job.isEmpty()) {
                        deploy.master().tell(new JobMasterCommand.TaskFailed(id, "job " + id.jobId()
                                + " is not registered on node " + context.getSystem().address() + " (waited "
                                + REGISTRATION_TIMEOUT.toSeconds() + " s): every node must register the same job graphs",
                                "", null));
                        return passivate(context, shard);
                    }
                    Behavior<TaskCommand> task = TaskFactory.create(id, job.get(), context, deploy, services,
                            () -> passivate(context, shard));
                    return stash.unstashAll(task);
                })
                .onMessage(TaskCommand.Cancel.class, cancel -> {
                    if (waiting[0] != null) { // its master waits for each task it deployed to answer a cancel
                        waiting[0].master().tell(new JobMasterCommand.TaskCancelled(id));
                    }
                    stash.forEach(TaskEntity::release);
                    stash.clear();
                    return passivate(context, shard);
                })
                .onMessageEquals(TaskCommand.DeployTimeout.INSTANCE, () -> {
                    stash.forEach(TaskEntity::release);
                    stash.clear();
                    return passivate(context, shard);
                })
                .onMessageEquals(TaskCommand.Stop.INSTANCE, Behaviors::stopped)
                .onAnyMessage(message -> {
                    stash.stash(message);
                    return Behaviors.same();
                })
                // stopped before its Deploy (the node shuts down; an entity a late message of a lost attempt
                // started again): the batches it kept must be freed before the node's memory is closed
                .onSignal(PostStop.class, stopped -> {
                    stash.forEach(TaskEntity::release);
                    stash.clear();
                    return Behaviors.same();
                })
                .build();
    }

    /** Asks the shard to stop this entity; until it does, input is dropped (batches freed). */
    private static Behavior<TaskCommand> passivate(ActorContext<TaskCommand> context,
                                                   ActorRef<ClusterSharding.ShardCommand> shard) {
        shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
        return Behaviors.receive(TaskCommand.class)
                .onMessageEquals(TaskCommand.Stop.INSTANCE, Behaviors::stopped)
                .onMessage(TaskCommand.Deliver.class, deliver -> {
                    deliver.release();
                    return Behaviors.same();
                })
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    /** Frees the batch a dropped message carries, if any. */
    private static void release(TaskCommand message) {
        if (message instanceof TaskCommand.Deliver deliver) {
            deliver.release();
        }
    }
}
