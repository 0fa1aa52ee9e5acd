package io.sabot.actors.runtime;

import io.sabot.actors.graph.VertexSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of one attempt of a job, as its {@link JobMaster} tracks them.
 *
 * <p>Invariants: every task key has one current incarnation ({@link #current}); after partial
 * restarts some run as a newer attempt than others. A current incarnation is in at most one of
 * {@code running} (deployed, not yet ended; a sink stays until it has committed the final
 * checkpoint) and {@code lingering} (finished, its output kept for restarted receivers until the
 * final checkpoint completes). {@code finished} and {@code stats} hold what finished incarnations
 * reported; a task that restarts loses both.
 */
final class JobTasks {

    private final ExecutionPlan plan;
    private final Map<String, TaskId> current = new LinkedHashMap<>();
    private final Set<TaskId> running = new LinkedHashSet<>();
    private final Set<TaskId> lingering = new LinkedHashSet<>();
    private final Set<TaskId> finished = new LinkedHashSet<>();
    private final Set<TaskId> started = new LinkedHashSet<>();
    private final Map<TaskId, TaskStats> stats = new HashMap<>();

    /** Every task of {@code plan}, deployed as attempt {@code attempt}. */
    JobTasks(ExecutionPlan plan, int attempt) {
        this.plan = plan;
        for (TaskId task : plan.tasks(attempt)) {
            current.put(task.taskKey(), task);
            running.add(task);
        }
    }

    /** The running tasks (a live view: iterate it, do not change it). */
    Set<TaskId> running() {
        return running;
    }

    /** The finished tasks kept for their output (a live view). */
    Set<TaskId> lingering() {
        return lingering;
    }

    /** True when {@code task} is a running incarnation, or a finished one kept for its output. */
    boolean isAlive(TaskId task) {
        return running.contains(task) || lingering.contains(task);
    }

    /** The task reported its start. */
    void started(TaskId task) {
        started.add(task);
    }

    /** Running tasks that have not reported their start. */
    List<TaskId> silent() {
        return running.stream().filter(task -> !started.contains(task)).toList();
    }

    /** {@code task} ended (failed, cancelled, stopped, committed); true when no task runs any more. */
    boolean ended(TaskId task) {
        running.remove(task);
        lingering.remove(task);
        return running.isEmpty();
    }

    /** {@code task} finished its input: a sink runs on until it commits, another task lingers ({@code linger}) or is done. */
    void finished(TaskId task, TaskStats taskStats, boolean linger) {
        stats.put(task, taskStats);
        finished.add(task);
        if (!isSink(task)) {
            running.remove(task);
            if (linger) {
                lingering.add(task);
            }
        }
    }

    /** The current sources that have not finished: where barriers are injected. */
    List<TaskId> sourcesReading() {
        return current.values().stream().filter(task -> isSource(task) && !finished.contains(task)).toList();
    }

    /** Forgets the lingering tasks (they stop by themselves, or were told to); returns them. */
    List<TaskId> takeLingering() {
        List<TaskId> taken = new ArrayList<>(lingering);
        lingering.clear();
        return taken;
    }

    /**
     * The tasks of {@code scope} (task keys) restart: their incarnations that run or linger are
     * returned (to be cancelled) and forgotten, with what they reported.
     */
    Set<TaskId> restart(Set<String> scope) {
        Set<TaskId> taken = new LinkedHashSet<>();
        for (Set<TaskId> set : List.of(running, lingering)) {
            set.stream().filter(task -> scope.contains(task.taskKey())).forEach(taken::add);
            set.removeIf(task -> scope.contains(task.taskKey()));
        }
        finished.removeIf(task -> scope.contains(task.taskKey()));
        stats.keySet().removeIf(task -> scope.contains(task.taskKey()));
        return taken;
    }

    /** The tasks of {@code scope} run again as attempt {@code attempt}: their new incarnations, in plan order. */
    List<TaskId> restarted(Set<String> scope, int attempt) {
        List<TaskId> restarted = plan.tasks(attempt).stream().filter(task -> scope.contains(task.taskKey())).toList();
        restarted.forEach(task -> current.put(task.taskKey(), task));
        running.addAll(restarted);
        return restarted;
    }

    /** The attempt of each upstream task of {@code task} that is not {@code task}'s own, by task key. */
    Map<String, Integer> upstreamAttempts(TaskId task) {
        Map<String, Integer> attempts = new HashMap<>();
        for (ExecutionPlan.InputChannelSpec channel : plan.inputs(task)) {
            TaskId upstream = current.get(channel.upstream().taskKey());
            if (upstream.attempt() != task.attempt()) {
                attempts.put(upstream.taskKey(), upstream.attempt());
            }
        }
        return attempts;
    }

    /** The current incarnations, alive and not in {@code scope}, of the tasks {@code task} sends to. */
    List<TaskId> receiversOutside(TaskId task, Set<String> scope) {
        Set<String> receivers = new LinkedHashSet<>();
        plan.outputs(task).forEach(edge -> edge.channels().forEach(channel -> receivers.add(channel.downstream().taskKey())));
        return receivers.stream().filter(key -> !scope.contains(key)).map(current::get).filter(this::isAlive).toList();
    }

    /** What the finished tasks reported, summed per vertex. */
    Map<String, TaskStats> statsByVertex() {
        Map<String, TaskStats> byVertex = new HashMap<>();
        stats.forEach((task, taskStats) -> byVertex.merge(task.vertex(), taskStats, TaskStats::plus));
        return Map.copyOf(byVertex);
    }

    boolean isSource(TaskId task) {
        return plan.graph().vertex(task.vertex()) instanceof VertexSpec.SourceVertex;
    }

    boolean isSink(TaskId task) {
        return plan.graph().vertex(task.vertex()) instanceof VertexSpec.SinkVertex;
    }
}
