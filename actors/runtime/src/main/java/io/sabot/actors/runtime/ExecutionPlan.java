package io.sabot.actors.runtime;

import io.sabot.actors.graph.EdgeSpec;
import io.sabot.actors.graph.JobGraph;
import io.sabot.actors.graph.Partitioning;
import io.sabot.actors.graph.VertexSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The channels of a running job. A FORWARD edge connects subtask i to subtask i; the other edges
 * connect every upstream subtask to every downstream one. A task numbers its input channels edge by
 * edge (upstream subtask order within an edge) and its output channels likewise.
 */
public record ExecutionPlan(String jobId, JobGraph graph) {

    /**
     * Input channel {@code index} of a task is fed by output channel {@code upstreamChannel} of
     * {@code upstream}, and belongs to input {@code input} of the task's agent (0, or 1 for the second
     * input of a two-input agent).
     */
    public record InputChannelSpec(TaskId upstream, int upstreamChannel, int input) {}

    /** Output channel feeding input channel {@code downstreamChannel} of {@code downstream}. */
    public record OutputChannelSpec(TaskId downstream, int downstreamChannel) {}

    /** The channels of one output edge; with FORWARD there is exactly one. */
    public record OutputEdgeSpec(EdgeSpec edge, int downstreamParallelism, List<OutputChannelSpec> channels) {}

    /** Every task of attempt {@code attempt}, vertex by vertex. */
    public List<TaskId> tasks(int attempt) {
        List<TaskId> tasks = new ArrayList<>();
        for (VertexSpec vertex : graph.vertices()) {
            for (int subtask = 0; subtask < vertex.parallelism(); subtask++) {
                tasks.add(new TaskId(jobId, attempt, vertex.name(), subtask));
            }
        }
        return tasks;
    }

    public List<InputChannelSpec> inputs(TaskId task) {
        List<InputChannelSpec> inputs = new ArrayList<>();
        for (EdgeSpec edge : graph.inputsOf(task.vertex())) {
            int upstreamBase = outputChannelBase(edge);
            if (edge.partitioning() == Partitioning.FORWARD) {
                inputs.add(new InputChannelSpec(new TaskId(jobId, task.attempt(), edge.from(), task.subtask()), upstreamBase,
                        edge.input()));
            } else {
                int upstreamParallelism = graph.vertex(edge.from()).parallelism();
                for (int i = 0; i < upstreamParallelism; i++) {
                    inputs.add(new InputChannelSpec(new TaskId(jobId, task.attempt(), edge.from(), i), upstreamBase + task.subtask(),
                            edge.input()));
                }
            }
        }
        return inputs;
    }

    public List<OutputEdgeSpec> outputs(TaskId task) {
        List<OutputEdgeSpec> outputs = new ArrayList<>();
        for (EdgeSpec edge : graph.outputsOf(task.vertex())) {
            int downstreamBase = inputChannelBase(edge);
            int downstreamParallelism = graph.vertex(edge.to()).parallelism();
            List<OutputChannelSpec> channels = new ArrayList<>();
            if (edge.partitioning() == Partitioning.FORWARD) {
                channels.add(new OutputChannelSpec(new TaskId(jobId, task.attempt(), edge.to(), task.subtask()), downstreamBase));
            } else {
                for (int j = 0; j < downstreamParallelism; j++) {
                    channels.add(new OutputChannelSpec(new TaskId(jobId, task.attempt(), edge.to(), j), downstreamBase + task.subtask()));
                }
            }
            outputs.add(new OutputEdgeSpec(edge, downstreamParallelism, channels));
        }
        return outputs;
    }

    /** The first output channel of {@code edge} at its upstream tasks. */
    private int outputChannelBase(EdgeSpec edge) {
        int base = 0;
        for (EdgeSpec earlier : graph.outputsOf(edge.from())) {
            if (earlier.equals(edge)) {
                return base;
            }
            base += earlier.partitioning() == Partitioning.FORWARD ? 1 : graph.vertex(earlier.to()).parallelism();
        }
        throw new IllegalStateException("edge " + edge + " is not an output of " + edge.from());
    }

    /** The first input channel of {@code edge} at its downstream tasks. */
    private int inputChannelBase(EdgeSpec edge) {
        int base = 0;
        for (EdgeSpec earlier : graph.inputsOf(edge.to())) {
            if (earlier.equals(edge)) {
                return base;
            }
            base += earlier.partitioning() == Partitioning.FORWARD ? 1 : graph.vertex(earlier.from()).parallelism();
        }
        throw new IllegalStateException("edge " + edge + " is not an input of " + edge.to());
    }
}
