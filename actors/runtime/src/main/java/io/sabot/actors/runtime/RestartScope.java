package io.sabot.actors.runtime;

import io.sabot.supervision.SupervisionStrategy;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
 *   <li>ONE_FOR_ONE: the same set. A task restarted alone would have to produce, from input merged
 *       in another arrival order, exactly what its receivers already had; that is not built, so
 *       ONE_FOR_ONE widens to REST_FOR_ONE (only a sink, which has no receivers, restarts alone).
 * </ul>
 * Tasks are named by {@link TaskId#taskKey()}, the same in every attempt.
 */
final class RestartScope {

    private RestartScope() {}

    /** The task keys that restart when {@code failed} fails, in the plan's task order. */
    static Set<String> of(ExecutionPlan plan, SupervisionStrategy strategy, TaskId failed) {
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
     * What a task restarted as attempt {@code attempt} needs to reach its upstream tasks: the attempt
     * of each one ({@code current}, by task key) that is not {@code attempt}.
     */
    static Map<String, Integer> upstreamAttempts(ExecutionPlan plan, TaskId task, Map<String, TaskId> current) {
        Map<String, Integer> attempts = new HashMap<>();
        for (ExecutionPlan.InputChannelSpec channel : plan.inputs(task)) {
            TaskId upstream = current.get(channel.upstream().taskKey());
            if (upstream.attempt() != task.attempt()) {
                attempts.put(upstream.taskKey(), upstream.attempt());
            }
        }
        return attempts;
    }

    /** The tasks among {@code tasks} whose key is in {@code keys}. */
    static Set<TaskId> among(Collection<TaskId> tasks, Set<String> keys) {
        Set<TaskId> chosen = new LinkedHashSet<>();
        tasks.stream().filter(task -> keys.contains(task.taskKey())).forEach(chosen::add);
        return chosen;
    }
}
