package io.sabot.actors.runtime;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.graph.EdgeSpec;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.graph.VertexSpec;
import io.sabot.actors.graph.VertexSpec.AgentVertex;
import io.sabot.actors.graph.VertexSpec.SinkVertex;
import io.sabot.actors.graph.VertexSpec.SourceVertex;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.keys.KeyType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/** Turns a task of an execution plan into its running behavior, wired to its neighbours. */
public final class TaskFactory {

    private TaskFactory() {}

    /**
     * The behavior of task {@code id} of a registered job, for the actor of {@code context}, as
     * {@code deploy} says (its master, what it restores, how it handles barriers); when it ends it
     * becomes {@code stop} (passivation for an entity).
     */
    public static Behavior<TaskCommand> create(TaskId id, JobRegistry.RegisteredJob job, ActorContext<TaskCommand> context,
                                               TaskCommand.Deploy deploy, TaskServices services,
                                               Supplier<Behavior<TaskCommand>> stop) {
        ActorRef<JobMasterCommand> master = deploy.master();
        RestoredTask restored = deploy.restored();
        ExecutionPlan plan = job.plan();
        JobGraph graph = plan.graph();
        VertexSpec vertex = graph.vertex(id.vertex());
        TaskEnvironment env;
        try {
            env = new TaskEnvironment(id, context, master, services.newTaskAllocator(id.entityId()),
                    services.exchangeAllocator(), job.metrics().forTask(id), services.checkpointStorage(),
                    services.snapshotExecutor(), stop);
        } catch (RuntimeException e) {
            // no allocator, nothing to close: report, or the job would wait for this task forever
            master.tell(new JobMasterCommand.TaskFailed(id, TaskEnvironment.messageOf(e), "", FailureCause.serialize(e)));
            return stop.get();
        }
        try {
            byte[] own = restored == null ? null : restored.operatorState();
            if (vertex instanceof SourceVertex source) {
                SourceState position = own == null ? null : SourceState.decode(own);
                SourceContext sourceContext = new SourceContext(id.subtask(), source.parallelism(),
                        position == null ? 0 : position.rows(), position == null ? null : position.position(), env.allocator);
                return new SourceTask(env, source.name(), source.source().createReader(sourceContext), source.watermarks(),
                        services.settings().autoWatermarkInterval(), outputGate(env, plan, services, deploy), position,
                        (double) source.source().maxRowsPerSecond() / source.parallelism());
            }
            if (vertex instanceof AgentVertex agent) {
                return agentTask(env, graph, agent, plan, services, deploy);
            }
            SinkVertex sink = (SinkVertex) vertex;
            SinkState committed = own == null ? null : SinkState.decode(own);
            SinkContext sinkContext = new SinkContext(id.subtask(), sink.parallelism(), sink.inputSchema(), env.allocator,
                    committed == null ? -1 : committed.preCommitId(), committed == null ? null : committed.committable(),
                    env.recoverable());
            return new SinkTask(env, sink.sink().createWriter(sinkContext), !sink.sink().writesDictionaryEncodedColumns(),
                    inputGate(env, plan, services, deploy));
        } catch (Exception | OutOfMemoryError e) {
            // out of memory too (a source's tables, a state backend): failing the job frees it, where Pekko would end the JVM
            return env.failed(e);
        }
    }

    private static AgentTask agentTask(TaskEnvironment env, JobGraph graph, AgentVertex agent, ExecutionPlan plan,
                                       TaskServices services, TaskCommand.Deploy deploy) throws Exception {
        RestoredTask restored = deploy.restored();
        List<KeyColumn> keyColumns = new ArrayList<>();
        KeyType keyType = null;
        for (VertexSpec.AgentInput in : agent.inputs()) {
            KeyColumn key = in.keyColumn() == null ? null : KeyColumn.of(in.schema(), in.keyColumn());
            keyColumns.add(key);
            keyType = keyType != null || key == null ? keyType : key.type();
        }
        KeyedStateBackend state = null;
        long restoreStart = System.nanoTime();
        if (keyType != null) {
            StateBackendConfig backend = graph.stateBackend() != null ? graph.stateBackend() : services.settings().stateBackend();
            state = env.closeOnEnd(StateBackends.create(backend, keyType, graph.maxParallelism(),
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                            graph.maxParallelism(), agent.parallelism(), env.id.subtask()),
                    TtlTimeProvider.SYSTEM, env.id.entityId().replace('/', '_'),
                    restored == null ? List.of() : restored.keyedState()));
        }
        Set<String> sideOutputs = agent.sideOutputs().stream().map(OutputTag::id).collect(Collectors.toSet());
        InputGate input = inputGate(env, plan, services, deploy);
        OutputGate output = outputGate(env, plan, services, deploy);
        WakeUpScheduler wakeUps = new WakeUpScheduler(env);
        AgentRunner runner = new AgentRunner(
                new AgentRunner.Subtask(graph.name(), agent.name(), env.id.subtask(), agent.parallelism()),
                agent.function().get(), keyColumns, state, sideOutputs, inputOfChannels(plan, env.id), env.allocator, output,
                wakeUps);
        if (restored != null && restored.operatorState() != null) {
            runner.restoreState(restored.operatorState(), restored.rescaled());
        }
        AgentTask task = new AgentTask(env, input, output, runner, state, wakeUps, // opened: restored state registered
                FailureInjector.of(services.settings().supervision(graph), env.id));
        if (restored != null && !restored.keyedState().isEmpty()) {
            long keys = runner.keyCount(); // RocksDB counts keys as they are used again: 0 here
            env.context.getLog().info("task {} restored its keyed state in {} ms{}", env.id,
                    (System.nanoTime() - restoreStart) / 1_000_000, keys > 0 ? " (" + keys + " keys)" : "");
        }
        return task;
    }

    /** The agent input (0 or 1) of each of the task's input channels. */
    private static int[] inputOfChannels(ExecutionPlan plan, TaskId id) {
        return plan.inputs(id).stream().mapToInt(ExecutionPlan.InputChannelSpec::input).toArray();
    }

    /** The task's input from its upstream tasks, of their current attempts (after partial restarts, not all its own). */
    private static InputGate inputGate(TaskEnvironment env, ExecutionPlan plan, TaskServices services,
                                       TaskCommand.Deploy deploy) {
        List<InputGate.Upstream> upstreams = new ArrayList<>();
        for (ExecutionPlan.InputChannelSpec channel : plan.inputs(env.id)) {
            TaskId upstream = channel.upstream();
            Integer attempt = deploy.upstreamAttempts().get(upstream.taskKey());
            if (attempt != null) {
                upstream = new TaskId(upstream.jobId(), attempt, upstream.vertex(), upstream.subtask());
            }
            upstreams.add(new InputGate.Upstream(upstream.taskKey(), services.task(upstream), channel.upstreamChannel()));
        }
        return new InputGate(upstreams, env.self(), env.id.attempt(), deploy.restoredFrom(), deploy.settledCheckpoint(),
                services.settings().creditsPerChannel(), env.allocator, deploy.exactlyOnce(), services::task);
    }

    /** The task's output; it keeps what it sends when its job restarts tasks partially. */
    private static OutputGate outputGate(TaskEnvironment env, ExecutionPlan plan, TaskServices services,
                                         TaskCommand.Deploy deploy) {
        JobGraph graph = plan.graph();
        List<OutputGate.Edge> edges = new ArrayList<>();
        List<Integer> receiverChannels = new ArrayList<>();
        for (ExecutionPlan.OutputEdgeSpec out : plan.outputs(env.id)) {
            edges.add(new OutputGate.Edge(partitioner(graph, out), receiverChannels.size(), out.edge().outputTag()));
            out.channels().forEach(c -> receiverChannels.add(c.downstreamChannel()));
        }
        long retainedBytes = services.settings().supervision(graph).retainedBytes(env.recoverable());
        OutputRetention retention = retainedBytes == 0 ? null : new OutputRetention(env.id.toString(),
                receiverChannels.size(), deploy.restoredFrom(), retainedBytes, env.allocator);
        return new OutputGate(edges, receiverChannels.stream().mapToInt(Integer::intValue).toArray(),
                Collections.nCopies(receiverChannels.size(), null), 0, env.allocator, env.exchange, env.metrics,
                services.settings().remoteBatchBytes(), env.id.attempt(), deploy.restoredFrom(), retention);
    }

    private static Partitioner partitioner(JobGraph graph, ExecutionPlan.OutputEdgeSpec out) {
        EdgeSpec edge = out.edge();
        return switch (edge.partitioning()) {
            case FORWARD -> Partitioner.forward();
            case REBALANCE -> Partitioner.rebalance(out.downstreamParallelism());
            case BROADCAST -> Partitioner.broadcast(out.downstreamParallelism());
            case KEY_GROUPS -> new KeyGroupPartitioner(
                    KeyColumn.of(outputSchema(graph.vertex(edge.from()), edge.outputTag()), edge.keyColumn()),
                    graph.maxParallelism(), out.downstreamParallelism());
        };
    }

    private static Schema outputSchema(VertexSpec vertex, String outputTag) {
        if (vertex instanceof SourceVertex source) {
            return source.outputSchema();
        }
        return ((AgentVertex) vertex).outputSchema(outputTag);
    }
}
