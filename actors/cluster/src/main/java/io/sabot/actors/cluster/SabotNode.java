package io.sabot.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.actors.api.JobExecutionException;
import io.sabot.actors.cluster.status.StatusService;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.memory.ArrowMemory;
import io.sabot.actors.runtime.JobRegistry;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.runtime.RuntimeSettings;
import io.sabot.actors.runtime.TaskCommand;
import io.sabot.actors.runtime.TaskId;
import io.sabot.actors.runtime.TaskServices;
import io.sabot.checkpointing.CheckpointConfig;
import io.sabot.checkpointing.CheckpointCoordinator;
import io.sabot.checkpointing.CheckpointStorage;
import io.sabot.checkpointing.SnapshotStoreStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * One Sabot node: an actor system that is a member of a Pekko cluster, hosts task entities
 * through Cluster Sharding and (when it is the oldest member) the job manager singleton.
 * {@link #start()} gives an embedded single-node cluster on 127.0.0.1 — a laptop setup with nothing
 * else to run. With {@code pekko.cluster.seed-nodes} configured it joins that cluster instead.
 */
public final class SabotNode implements AutoCloseable {

    private static final AtomicLong JOB_CLIENTS = new AtomicLong();

    private final ActorSystem<Void> system;
    private final JobRegistry registry = new JobRegistry();
    private final ArrowMemory memory;
    private final ClusterSharding sharding;
    private final ActorRef<JobManager.Command> jobManager;
    private final RuntimeSettings settings;
    private final CheckpointConfig checkpointConfig;
    private final CheckpointStorage checkpointStorage;
    private final Executor blocking;
    private final Executor snapshotWriters;

    private SabotNode(Config config) {
        this.system = ActorSystem.create(Behaviors.empty(), "sabot", config);
        try {
            this.memory = ArrowMemory.get(system);
            this.settings = RuntimeSettings.from(config);
            this.checkpointConfig = CheckpointConfig.from(config);
            this.blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("sabot.io-dispatcher"));
            this.snapshotWriters = system.dispatchers().lookup(DispatcherSelector.fromConfig("sabot.snapshot-dispatcher"));
            this.checkpointStorage = checkpointConfig.isStored()
                    ? new SnapshotStoreStorage(system, checkpointConfig, blocking) : CheckpointStorage.none();
            this.sharding = ClusterSharding.get(system);
            Services services = new Services();
            sharding.init(Entity.of(TaskEntity.AGENTS, entity -> TaskEntity.create(entity, services))
                    .withAllocationStrategy(new TaskAllocationStrategy())
                    .withStopMessage(TaskCommand.Stop.INSTANCE));
            sharding.init(Entity.of(TaskEntity.IO, entity -> TaskEntity.create(entity, services))
                    .withAllocationStrategy(new TaskAllocationStrategy())
                    .withStopMessage(TaskCommand.Stop.INSTANCE)
                    .withEntityProps(DispatcherSelector.fromConfig("sabot.io-dispatcher")));
            this.jobManager = ClusterSingleton.get(system)
                    .init(SingletonActor.of(JobManager.create(services), "sabot-job-manager"));
            system.systemActorOf(StatusService.create(registry), StatusService.NAME, Props.empty());
        } catch (RuntimeException | Error e) {
            // a bad setting, or Arrow's memory unusable on this JVM: the actor system's threads would keep
            // the process alive after the error
            system.terminate();
            throw e;
        }
    }

    /** An embedded single-node cluster with default settings. */
    public static SabotNode start() {
        return start(ConfigFactory.empty());
    }

    /**
     * A node configured, highest first, by {@code overrides}, system properties ({@code -D}),
     * application.conf, Sabot's node defaults (cluster provider, split brain resolver, no
     * passivation: {@code io/sabot/actors/node.conf}) and every module's reference.conf. So an
     * application (or {@code -Dpekko.loglevel=DEBUG}) can change any setting a node starts with.
     */
    public static SabotNode start(Config overrides) {
        Config config = overrides
                .withFallback(ConfigFactory.defaultOverrides())
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.parseResources(SabotNode.class, "/io/sabot/actors/node.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        SabotNode node = new SabotNode(config);
        try {
            node.joinCluster(config);
        } catch (RuntimeException | Error e) {
            node.system.terminate();
            throw e;
        }
        return node;
    }

    private void joinCluster(Config config) {
        Cluster cluster = Cluster.get(system);
        if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        long deadline = System.nanoTime() + config.getDuration("sabot.node.join-timeout").toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + cluster.selfMember().address()
                        + " did not become an Up cluster member within " + config.getDuration("sabot.node.join-timeout"));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while joining the cluster", e);
            }
        }
    }

    /**
     * Waits until the cluster has at least {@code count} Up members and the task shards of every one of
     * them are known to the shard coordinators, so that a job started now spreads its tasks over all
     * of them. Throws {@link IllegalStateException}, naming the members there are, after {@code timeout}.
     */
    public void awaitMembers(int count, Duration timeout) {
        Cluster cluster = Cluster.get(system);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long up = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                    .filter(member -> member.status() == MemberStatus.up()).count();
            if (up >= count && regions(TaskEntity.AGENTS) >= count && regions(TaskEntity.IO) >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster has " + up + " Up member(s), not " + count + ", after "
                        + timeout + ": " + StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                        .map(member -> member.address() + " " + member.status()).toList());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + count + " cluster members", e);
            }
        }
    }

    /** The nodes whose shard region of {@code type} the coordinator knows (0 while it cannot say). */
    private int regions(EntityTypeKey<TaskCommand> type) {
        Duration timeout = Duration.ofSeconds(3);
        try {
            return AskPattern.<ClusterShardingQuery, ShardRegion.ClusterShardingStats>ask(sharding.shardState(),
                            replyTo -> new GetClusterShardingStats(type, timeout, replyTo), timeout.plusSeconds(1),
                            system.scheduler())
                    .toCompletableFuture().get().getRegions().size();
        } catch (ExecutionException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    public ActorSystem<Void> system() {
        return system;
    }

    /** Arrow memory of this node (for batches sent to standalone agents, and for checking leaks). */
    public ArrowMemory memory() {
        return memory;
    }

    /**
     * Registers {@code graph} on this node under its stable job id (its name, with characters other
     * than letters, digits, '-' and '_' replaced by '_') and starts it; the handle completes when it
     * ends. A job with the same id may not run twice at once on one node.
     */
    public JobHandle submit(JobGraph graph) {
        return submit(graph, jobIdOf(graph));
    }

    /** The stable job id of {@code graph}: its name, characters other than letters, digits, '-' and '_' replaced by '_'. */
    public static String jobIdOf(JobGraph graph) {
        return graph.name().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Registers {@code graph} under job id {@code jobId} and starts it; the handle completes when it ends. */
    public JobHandle submit(JobGraph graph, String jobId) {
        return submit(graph, jobId, null);
    }

    /**
     * Registers {@code graph} under job id {@code jobId} and starts it from savepoint {@code fromSavepoint}
     * (Flink's {@code -s}; null: none), also at other parallelisms than it was taken at. If the job
     * has a checkpoint of its own in this node's checkpoint directory (it ran since, and crashed),
     * it resumes from that, newer one instead. Throws {@link IllegalArgumentException} when the
     * job's own failure settings are not valid.
     */
    public JobHandle submit(JobGraph graph, String jobId, Path fromSavepoint) {
        return start(graph, jobId, fromSavepoint, false);
    }

    /**
     * Runs {@code graph} on the whole cluster: every node calls this with the same graph (every node
     * of a Pekko application runs the same code), each registers it under its stable id
     * ({@link #jobIdOf}), the first call to reach the job manager starts it, and every node's handle
     * completes with the same result. If the node running the job manager is lost, the nodes left
     * submit it again and it resumes from its last completed checkpoint ({@code fromSavepoint}: as
     * {@link #submit(JobGraph, String, Path)}).
     */
    public JobHandle join(JobGraph graph, Path fromSavepoint) {
        return start(graph, jobIdOf(graph), fromSavepoint, true);
    }

    private JobHandle start(JobGraph graph, String jobId, Path fromSavepoint, boolean join) {
        settings.supervision(graph).checkFor(graph); // a wrong setting fails here, not in the job's supervisor
        JobRegistry.RegisteredJob job = registry.register(jobId, graph);
        CompletableFuture<JobResult> result = new CompletableFuture<>();
        String savepoint = fromSavepoint == null ? null : fromSavepoint.toAbsolutePath().toString();
        ActorRef<Object> client = system.systemActorOf(JobClient.create(jobId, savepoint, join, jobManager, ended -> {
            registry.remove(jobId); // before the submitter hears of it: it may submit the job again
            result.complete(ended);
        }), "job-client-" + jobId + "-" + JOB_CLIENTS.incrementAndGet(), Props.empty());
        // sent from this thread, so that a trigger or cancel sent after this method returns cannot overtake it
        jobManager.tell(JobClient.submit(jobId, savepoint, join, client));
        return new JobHandle(jobId, job.metrics(), result);
    }

    /**
     * Triggers a checkpoint of a running job now, whatever its interval (its coordinator numbers it).
     * Ignored once the job has ended.
     */
    public void triggerCheckpoint(JobHandle job) {
        jobManager.tell(new JobManager.TriggerCheckpoint(job.jobId()));
    }

    /**
     * Takes a savepoint of a running job (Flink's {@code savepoint}): a checkpoint copied into a new
     * directory {@code savepoint-<job>-<checkpoint>} under {@code parent}, which the job never deletes;
     * completes with that directory, or fails saying why (the job is not running, has read all its
     * input, the checkpoint was aborted, no checkpoint directory is set).
     */
    public CompletionStage<Path> savepoint(JobHandle job, Path parent) {
        Duration timeout = checkpointConfig.timeout().plus(Duration.ofMinutes(1));
        return AskPattern.<JobManager.Command, CheckpointCoordinator.SavepointResult>ask(jobManager,
                        replyTo -> new JobManager.TriggerSavepoint(job.jobId(), parent.toAbsolutePath().toString(), replyTo),
                        timeout, system.scheduler())
                .thenApply(result -> {
                    if (result.path() == null) {
                        throw new IllegalStateException(result.failure());
                    }
                    return Path.of(result.path());
                });
    }

    /**
     * Stops a running job with a savepoint (Flink's {@code stop --savepointPath}): takes the savepoint,
     * whose output the sinks commit, then cancels the job. Completes with the savepoint's directory;
     * if no savepoint could be taken the job goes on running.
     */
    public CompletionStage<Path> stopWithSavepoint(JobHandle job, Path parent) {
        return savepoint(job, parent).thenApply(path -> {
            cancel(job, "stopped with savepoint " + path);
            return path;
        });
    }

    /**
     * Cancels a running job (Flink's {@code cancel}): its tasks stop and discard what they had not
     * committed, its handle completes as failed, and its checkpoints stay, so submitting it again
     * resumes from the last one. Ignored once the job has ended.
     */
    public void cancel(JobHandle job, String reason) {
        jobManager.tell(new JobManager.CancelJob(job.jobId(), reason));
    }

    /**
     * Runs {@code graph} to its end, as Flink's {@code execute}: returns how it ended if it succeeded,
     * else throws {@link JobExecutionException} whose cause is the exception of the first task that
     * failed (null if none did: cancelled, or it could not start).
     */
    public JobResult execute(JobGraph graph) throws JobExecutionException, InterruptedException {
        JobResult result = run(graph);
        if (!result.succeeded()) {
            throw new JobExecutionException(result.jobName(), result.jobId(), result.error(), result.failureCause());
        }
        return result;
    }

    /** Runs {@code graph} to its end and returns how it ended, succeeded or not (check {@link JobResult#succeeded()}). */
    public JobResult run(JobGraph graph) throws InterruptedException {
        try {
            return submit(graph).result().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("job " + graph.name() + " could not run", e.getCause());
        }
    }

    /**
     * Leaves the cluster and stops the actor system, then releases Arrow memory. Throws
     * {@link IllegalStateException} if some buffer was never freed (a leak).
     */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the actor system did not stop in time", e);
        }
        memory.close();
    }

    private final class Services implements TaskServices {
        @Override
        public JobRegistry registry() {
            return registry;
        }

        @Override
        public RecipientRef<TaskCommand> task(TaskId task) {
            var job = registry.get(task.jobId()).orElseThrow(
                    () -> new IllegalStateException("job " + task.jobId() + " is not registered on this node"));
            return sharding.entityRefFor(TaskEntity.typeKeyFor(job.plan().graph().vertex(task.vertex())), task.entityId());
        }

        @Override
        public BufferAllocator newTaskAllocator(String name) {
            return memory.newAllocator(name);
        }

        @Override
        public BufferAllocator exchangeAllocator() {
            return memory.exchange();
        }

        @Override
        public RuntimeSettings settings() {
            return settings;
        }

        @Override
        public CheckpointConfig checkpointConfig() {
            return checkpointConfig;
        }

        @Override
        public CheckpointStorage checkpointStorage() {
            return checkpointStorage;
        }

        @Override
        public Executor snapshotExecutor() {
            return snapshotWriters;
        }
    }
}
