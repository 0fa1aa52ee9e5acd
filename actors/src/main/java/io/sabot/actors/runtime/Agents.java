package io.sabot.actors.runtime;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.keys.KeyColumn;
import io.sabot.actors.keys.KeyIndex;
import io.sabot.actors.memory.ArrowMemory;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Agents as plain Pekko behaviors, outside any job: spawn one in your own ActorSystem, send it
 * {@code TaskCommand.Deliver(0, element)} messages, and it sends its output to {@code downstream}
 * as {@code Deliver(0, element)}. Batches must be allocated from
 * {@code ArrowMemory.get(system).newAllocator(...)}; an {@code EndOfInput} stops the agent after
 * it has forwarded everything.
 */
public final class Agents {

    private Agents() {}

    /**
     * @param name        the agent's name (in logs and errors)
     * @param inputSchema the schema of the batches it will receive
     * @param keyColumn   the column to key by, or null for a non-keyed agent
     */
    public static Behavior<TaskCommand> behavior(String name, Schema inputSchema, String keyColumn,
                                                 Supplier<? extends BatchFunction> function,
                                                 ActorRef<TaskCommand> downstream) {
        BatchFunction instance = function.get();
        instance.outputSchema(inputSchema); // rejects a wrong input schema now
        KeyIndex keys = keyColumn == null ? null : KeyColumn.of(inputSchema, keyColumn).newIndex();
        return Behaviors.setup(context -> {
            ArrowMemory memory = ArrowMemory.get(context.getSystem());
            TaskId id = new TaskId("standalone", name, 0);
            TaskEnvironment env = new TaskEnvironment(id, context, null, memory.newAllocator(name + "-" + context.getSelf().path().uid()),
                    memory.exchange(), new TaskMetrics(), OutputGate.UNBOUNDED, Behaviors::stopped);
            InputGate input = new InputGate(Collections.singletonList(null), OutputGate.UNBOUNDED, env.allocator);
            OutputGate output = new OutputGate(List.of(new OutputGate.Edge(Partitioner.forward(), 0)), new int[] {0},
                    List.of(downstream), OutputGate.UNBOUNDED, env.allocator, env.exchange, env.metrics);
            return new AgentTask(env, "standalone", 1, instance, keys, input, output);
        });
    }
}
