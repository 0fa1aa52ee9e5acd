package io.sabot.actors.runtime;

import io.sabot.actors.agent.AgentRunner;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.memory.ArrowMemory;
import io.sabot.checkpointing.CheckpointStorage;
import io.sabot.state.StateBackends;
import io.sabot.state.backend.KeyedStateBackend;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.TtlTimeProvider;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import io.sabot.state.keys.KeyColumn;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Agents as plain Pekko behaviors, outside any job (keyed state on the heap): spawn one in your own
 * ActorSystem, send it {@code TaskCommand.Deliver(0, element)} messages, and it sends its output to
 * {@code downstream} as {@code Deliver(0, element)}. Batches must be allocated from
 * {@code ArrowMemory.get(system).newAllocator(...)}; the receiver owns (and closes) the batches it
 * gets. An {@code EndOfInput} makes the agent send the maximum watermark, its end of input, and stop.
 */
public final class Agents {

    private Agents() {}

    /**
     * A behavior that creates its function (and its state) when it starts, so a supervised restart
     * starts from a fresh function rather than reusing a closed one.
     *
     * @param name        the agent's name (in logs and errors)
     * @param inputSchema the schema of the batches it will receive
     * @param keyColumn   the column to key by, or null for a non-keyed agent
     */
    public static Behavior<TaskCommand> behavior(String name, Schema inputSchema, String keyColumn,
                                                 Supplier<? extends BatchFunction> function,
                                                 ActorRef<TaskCommand> downstream) {
        function.get().outputSchema(inputSchema); // rejects a wrong input schema now, not in the actor
        KeyColumn key = keyColumn == null ? null : KeyColumn.of(inputSchema, keyColumn);
        return Behaviors.setup(context -> {
            ArrowMemory memory = ArrowMemory.get(context.getSystem());
            TaskId id = new TaskId("standalone", 0, name, 0);
            TaskEnvironment env = new TaskEnvironment(id, context, null, memory.newAllocator(name + "-" + context.getSelf().path().uid()),
                    memory.exchange(), new JobMetrics().forTask(id), CheckpointStorage.none(), Runnable::run, Behaviors::stopped);
            InputGate input = new InputGate(Collections.singletonList(null), env.self(), id.attempt(), -1, -1,
                    OutputGate.UNBOUNDED, env.allocator, false, task -> null);
            OutputGate output = new OutputGate(List.of(new OutputGate.Edge(Partitioner.forward(), 0, null)), new int[] {0},
                    List.of(downstream), OutputGate.UNBOUNDED, env.allocator, env.exchange, env.metrics,
                    RuntimeSettings.from(context.getSystem().settings().config()).remoteBatchBytes(), id.attempt(), -1, null);
            KeyedStateBackend state = null;
            if (key != null) {
                int keyGroups = KeyGroupRangeAssignment.DEFAULT_LOWER_BOUND_MAX_PARALLELISM;
                state = env.closeOnEnd(StateBackends.create(StateBackendConfig.heap(), key.type(), keyGroups,
                        new KeyGroupRange(0, keyGroups - 1), TtlTimeProvider.SYSTEM, name, List.of()));
            }
            WakeUpScheduler wakeUps = new WakeUpScheduler(env);
            AgentRunner runner = new AgentRunner(new AgentRunner.Subtask("standalone", name, 0, 1), function.get(), key,
                    state, Set.of(), input.channels(), env.allocator, output, wakeUps);
            return new AgentTask(env, input, output, runner, state, wakeUps, null);
        });
    }
}
