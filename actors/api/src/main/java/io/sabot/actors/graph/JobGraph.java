package io.sabot.actors.graph;

import io.sabot.state.backend.StateBackendConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A checked, immutable job: its number of key groups, where its keyed state lives and how often it
 * checkpoints (each null: as the node's configuration says), how it survives failures
 * ({@code settings}: the job's own {@code sabot.restart-strategy.*} and {@code sabot.supervision.*}
 * values over the node's), vertices in topological order and the edges between them. Built with
 * {@link JobBuilder}; executed by a {@code SabotNode}.
 */
public record JobGraph(String name, int maxParallelism, StateBackendConfig stateBackend, Duration checkpointInterval,
                       Map<String, String> settings, List<VertexSpec> vertices, List<EdgeSpec> edges) {

    public JobGraph {
        settings = Map.copyOf(settings);
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
    }

    public VertexSpec vertex(String vertexName) {
        return vertices.stream().filter(v -> v.name().equals(vertexName)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("job '" + name + "' has no vertex '" + vertexName + "'"));
    }

    /** Edges into {@code vertexName}, in the order they were declared. */
    public List<EdgeSpec> inputsOf(String vertexName) {
        return edges.stream().filter(e -> e.to().equals(vertexName)).toList();
    }

    /** Edges out of {@code vertexName}, in the order they were declared. */
    public List<EdgeSpec> outputsOf(String vertexName) {
        return edges.stream().filter(e -> e.from().equals(vertexName)).toList();
    }
}
