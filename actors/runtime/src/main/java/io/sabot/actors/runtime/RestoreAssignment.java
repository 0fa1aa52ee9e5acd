package io.sabot.actors.runtime;

import io.sabot.actors.graph.VertexSpec;
import io.sabot.checkpointing.CheckpointStorage;
import io.sabot.checkpointing.TaskSnapshot;
import io.sabot.state.backend.SnapshotHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which part of a restored checkpoint each task of a new attempt gets. A keyed agent gets the keyed
 * state of every subtask of its vertex (it keeps the key groups it owns now, at any parallelism).
 * An agent's operator state is, at the same parallelism, its own subtask's (event time and its
 * function's operator state); at another one, new subtask i gets old subtask i mod (old
 * parallelism)'s, of which it restores the function's operator state only (broadcast state, the same
 * on every subtask, as Flink redistributes it). Its event time (per input channel) is restored only
 * when its channels are the same as in the checkpoint: neither it nor a vertex feeding it runs at
 * another parallelism (with a union or two inputs, the same number of channels can be other
 * upstream tasks). Sources and sinks keep per-subtask positions and pre-committed output, so they
 * restore at the parallelism they had.
 */
final class RestoreAssignment {

    private RestoreAssignment() {}

    /** The restored part of every task of {@code plan}'s attempt {@code attempt}; throws when the job cannot take it. */
    static Map<TaskId, RestoredTask> of(ExecutionPlan plan, int attempt, CheckpointStorage.Restored restored) {
        Map<TaskId, RestoredTask> assignment = new HashMap<>();
        if (restored == null) {
            return assignment;
        }
        long checkpointId = restored.checkpoint().checkpointId();
        Map<String, List<TaskSnapshot>> byVertex = new HashMap<>();
        for (VertexSpec vertex : plan.graph().vertices()) {
            List<TaskSnapshot> old = new ArrayList<>();
            for (int subtask = 0; restored.tasks().containsKey(vertex.name() + "/" + subtask); subtask++) {
                old.add(restored.tasks().get(vertex.name() + "/" + subtask));
            }
            byVertex.put(vertex.name(), old);
        }
        for (VertexSpec vertex : plan.graph().vertices()) {
            List<TaskSnapshot> old = byVertex.get(vertex.name());
            if (old.isEmpty()) {
                throw new IllegalArgumentException("checkpoint " + checkpointId + " of job '" + plan.jobId()
                        + "' has no state of '" + vertex.name() + "': the job changed since (its vertices: "
                        + restored.checkpoint().tasks() + ")");
            }
            boolean sameParallelism = old.size() == vertex.parallelism();
            if (!sameParallelism && !(vertex instanceof VertexSpec.AgentVertex)) {
                throw new IllegalArgumentException("'" + vertex.name() + "' ran with parallelism " + old.size()
                        + " in checkpoint " + checkpointId + " of job '" + plan.jobId() + "'; a source or sink restores"
                        + " only at the parallelism it had, not " + vertex.parallelism());
            }
            boolean sameChannels = sameParallelism && plan.graph().inputsOf(vertex.name()).stream()
                    .allMatch(edge -> byVertex.get(edge.from()).size() == plan.graph().vertex(edge.from()).parallelism());
            List<SnapshotHandle> keyed = old.stream().flatMap(snapshot -> snapshot.keyedState().stream()).toList();
            for (int subtask = 0; subtask < vertex.parallelism(); subtask++) {
                // Rescaled, an agent gets a copy of one old subtask's operator state, as Flink hands out
                // broadcast state (the same on every subtask); its event time then starts afresh.
                byte[] operatorState = old.get(subtask % old.size()).operatorState();
                assignment.put(new TaskId(plan.jobId(), attempt, vertex.name(), subtask),
                        new RestoredTask(checkpointId, operatorState, keyed, !sameChannels));
            }
        }
        return assignment;
    }
}
