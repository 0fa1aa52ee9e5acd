package io.sabot.actors.runtime;

import io.sabot.actors.graph.Partitioning;
import io.sabot.actors.graph.VertexSpec;
import io.sabot.supervision.SupervisionStrategy;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which tasks of a running job restart when one fails (partial restarts), as the supervision
 * strategies read on a job's graph: a task's "children started after it" are the tasks downstream
 * of it, which consume what it produced.
 *
 * <ul>
 *   <li>REST_FOR_ONE: the failed task and every task downstream of it, transitively. They restore
 *       from the last completed checkpoint; the tasks feeding them from outside send again what they
 *       sent after its barrier; the sinks among them discard what they had not committed. Exact
 *       whatever the restarted tasks do with their input's order: everything that saw their output
 *       since the checkpoint restarts with them.
 *   <li>ONE_FOR_ONE: the failed task alone where that is exact ({@link #restartsAlone}): a sink
 *       (nothing saw its output), or an agent with one input channel. Restored from the checkpoint and
 *       sent its input again in the same order, such an agent sends, element for element, what it
 *       sent before, and its receivers drop what they had ({@link ReceivedPositions}). An agent that
 *       merges several channels takes them in arrival order, which a second run does not repeat; one
 *       that rebalances its output over several receivers starts its round-robin afresh; a source's
 *       watermarks follow the wall clock: for those ONE_FOR_ONE widens to REST_FOR_ONE. (An agent
 *       whose output depends on processing time, e.g. processing-time timers or state TTL, is not
 *       repeated exactly either: use REST_FOR_ONE for it.)
 * </ul>
 * Tasks are named by {@link TaskId#taskKey()}, the same in every attempt.
 */
final class RestartScope {

    private RestartScope() {}

    /** The task keys that restart when {@code failed} fails, in the plan's task order. */
    static Set<String> of(ExecutionPlan plan, SupervisionStrategy strategy, TaskId failed) {
        if (strategy == SupervisionStrategy.ONE_FOR_ONE && restartsAlone(plan, failed)) {
            return new LinkedHashSet<>(Set.of(failed.taskKey()));
        }
        if (strategy == SupervisionStrategy.ONE_FOR_ALL) {
            Set<String> all = new LinkedHashSet<>();
            plan.tasks(failed.attempt()).forEach(task -> all.add(task.taskKey()));
            return all;
        }
        Set<String> scope = new LinkedHashSet<>();
        ArrayDeque<TaskId> next = new ArrayDeque<>();
        next.add(failed);
        while (!next.isEmpty()) {
            TaskId task = next.poll();
            if (scope.add(task.taskKey())) {
                plan.outputs(task).forEach(edge -> edge.channels().forEach(channel -> next.add(channel.downstream())));
            }
        }
        return scope;
    }

    /**
     * True when {@code task} restarted alone sends exactly what it sent before: a sink, or an agent
     * with one input channel whose outputs are not rebalanced over several receivers (round-robin
     * starts afresh in every incarnation, so the same batch would go to another channel).
     */
    static boolean restartsAlone(ExecutionPlan plan, TaskId task) {
        VertexSpec vertex = plan.graph().vertex(task.vertex());
        return vertex instanceof VertexSpec.SinkVertex
                || (vertex instanceof VertexSpec.AgentVertex && plan.inputs(task).size() == 1
                && plan.outputs(task).stream().noneMatch(out -> out.edge().partitioning() == Partitioning.REBALANCE
                        && out.downstreamParallelism() > 1));
    }
}
