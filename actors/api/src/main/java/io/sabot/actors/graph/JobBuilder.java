package io.sabot.actors.graph;

import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.Source;
import io.sabot.actors.graph.VertexSpec.AgentVertex;
import io.sabot.actors.graph.VertexSpec.SinkVertex;
import io.sabot.actors.graph.VertexSpec.SourceVertex;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a job graph the way a Flink program does:
 *
 * <pre>{@code
 * JobBuilder job = JobBuilder.named("features");
 * job.source("quotes", quotes)
 *    .keyBy("symbol").process("mid", Midprice::new, 2)
 *    .keyBy("symbol").process("ewma", () -> new Ewma("mid", 0.06), 2)
 *    .sinkTo("out", CsvSink.to(Path.of("out.csv")));
 * JobGraph graph = job.build();
 * }</pre>
 *
 * Every step checks its input schema immediately, so a job that cannot run fails here, with the
 * vertex and column named, not later on a cluster.
 */
public final class JobBuilder {

    private final String name;
    private Integer maxParallelism;
    private StateBackendConfig stateBackend; // null: the node's configured one
    private Duration checkpointInterval;     // null: the node's configured one
    private final Map<String, String> settings = new TreeMap<>();
    final List<VertexSpec> vertices = new ArrayList<>();
    final List<EdgeSpec> edges = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private JobBuilder(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job needs a name");
        }
        this.name = name;
    }

    public static JobBuilder named(String name) {
        return new JobBuilder(name);
    }

    /**
     * The number of key groups, fixed for the life of a job's state (Flink's max parallelism).
     * Defaults to Flink's default for the largest vertex parallelism (at least 128).
     */
    public JobBuilder maxParallelism(int maxParallelism) {
        KeyGroupRangeAssignment.checkParallelismPreconditions(maxParallelism, 1);
        this.maxParallelism = maxParallelism;
        return this;
    }

    /**
     * Where the job's keyed state lives (Flink's {@code setStateBackend}). By default the node's
     * {@code sabot.state} configuration decides (heap unless configured otherwise).
     */
    public JobBuilder stateBackend(StateBackendConfig config) {
        this.stateBackend = Objects.requireNonNull(config);
        return this;
    }

    /**
     * Checkpoints the job every {@code interval} (Flink's {@code enableCheckpointing}), in the mode
     * and to the directory the node's {@code sabot.checkpoint} settings name. By default the node's
     * {@code sabot.checkpoint.interval} decides.
     */
    public JobBuilder enableCheckpointing(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a checkpoint interval must be positive, was " + interval);
        }
        this.checkpointInterval = interval;
        return this;
    }

    /**
     * Sets one of the job's own failure settings over the node's, under Flink's names, e.g.
     * {@code configure("sabot.restart-strategy.type", "fixed-delay")} and
     * {@code configure("sabot.restart-strategy.fixed-delay.attempts", "3")} (Flink's per-job
     * {@code restart-strategy.*}); see docs/supervision.md. Only {@code sabot.restart-strategy.*} and
     * {@code sabot.supervision.*} are per job; the node checks the values when the job is submitted.
     */
    public JobBuilder configure(String key, String value) {
        if (!key.startsWith("sabot.restart-strategy.") && !key.startsWith("sabot.supervision.")) {
            throw new IllegalArgumentException("'" + key + "' is not a per-job setting (sabot.restart-strategy.* and"
                    + " sabot.supervision.* are; the others are the node's)");
        }
        settings.put(key, value);
        return this;
    }

    public DataStream source(String vertexName, Source source) {
        return source(vertexName, source, 1);
    }

    public DataStream source(String vertexName, Source source, int parallelism) {
        return source(vertexName, source, null, parallelism);
    }

    /**
     * A source whose rows get event timestamps and watermarks from {@code watermarks} (Flink's
     * {@code fromSource(source, watermarkStrategy, name)}).
     */
    public DataStream source(String vertexName, Source source, WatermarkStrategy watermarks) {
        return source(vertexName, source, watermarks, 1);
    }

    public DataStream source(String vertexName, Source source, WatermarkStrategy watermarks, int parallelism) {
        if (watermarks != null) {
            try {
                watermarks.timestampAssigner().checkSchema(source.schema());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("source '" + vertexName + "': " + e.getMessage(), e);
            }
        }
        checkName(vertexName);
        checkParallelism(vertexName, parallelism);
        if (parallelism > source.maxParallelism()) {
            throw new IllegalArgumentException("source '" + vertexName + "' supports a parallelism of at most "
                    + source.maxParallelism() + ", " + parallelism + " was asked for");
        }
        SourceVertex vertex = new SourceVertex(vertexName, source, parallelism, source.schema(), watermarks);
        vertices.add(vertex);
        return new DataStream(this, vertex, null, source.schema(), watermarks != null);
    }

    /** Checks the whole graph and freezes it. */
    public JobGraph build() {
        if (vertices.stream().noneMatch(v -> v instanceof SourceVertex)) {
            throw new IllegalStateException("job '" + name + "' has no source");
        }
        for (VertexSpec vertex : vertices) {
            boolean consumed = edges.stream().anyMatch(e -> e.from().equals(vertex.name()));
            if (!(vertex instanceof SinkVertex) && !consumed) {
                throw new IllegalStateException("job '" + name + "': the output of '" + vertex.name()
                        + "' goes nowhere; send it to a sink");
            }
        }
        if (new HashSet<>(edges).size() != edges.size()) { // channels are numbered by edge: one edge, one set of channels
            throw new IllegalStateException("job '" + name + "' has the same edge twice: " + edges);
        }
        for (EdgeSpec edge : edges) {
            int from = vertex(edge.from()).parallelism();
            int to = vertex(edge.to()).parallelism();
            if (edge.partitioning() == Partitioning.FORWARD && from != to) {
                throw new IllegalStateException("job '" + name + "': '" + edge.from() + "' (parallelism " + from
                        + ") cannot feed '" + edge.to() + "' (parallelism " + to + ") subtask to subtask");
            }
        }
        int largest = vertices.stream().mapToInt(VertexSpec::parallelism).max().orElse(1);
        int keyGroups = maxParallelism != null
                ? maxParallelism : KeyGroupRangeAssignment.computeDefaultMaxParallelism(largest);
        for (VertexSpec vertex : vertices) {
            if (vertex instanceof AgentVertex agent && agent.isKeyed() && agent.parallelism() > keyGroups) {
                throw new IllegalStateException("keyed agent '" + vertex.name() + "' has parallelism "
                        + vertex.parallelism() + ", more than the job's max parallelism " + keyGroups);
            }
        }
        return new JobGraph(name, keyGroups, stateBackend, checkpointInterval, settings, vertices, edges);
    }

    /**
     * Agent {@code agentName} with side output {@code tag} declared: as it is if it declares the tag,
     * else (a function that emits to any tag) replaced by one that does.
     */
    AgentVertex declareSideOutput(String agentName, OutputTag tag) {
        for (int i = 0; i < vertices.size(); i++) {
            if (vertices.get(i) instanceof AgentVertex agent && agent.name().equals(agentName)) {
                boolean declared = agent.sideOutputs().stream().anyMatch(t -> t.id().equals(tag.id()));
                if (declared || !agent.sideOutputsOnUse()) {
                    return agent;
                }
                List<OutputTag> tags = new ArrayList<>(agent.sideOutputs());
                tags.add(tag);
                AgentVertex widened = new AgentVertex(agent.name(), agent.function(), agent.parallelism(), agent.inputs(),
                        agent.outputSchema(), tags, true);
                vertices.set(i, widened);
                return widened;
            }
        }
        throw new IllegalArgumentException("job '" + name + "' has no agent '" + agentName + "'");
    }

    /** {@code base}, or {@code base-2}, {@code base-3}, … : the first name no vertex has yet. */
    String uniqueName(String base) {
        String candidate = base;
        for (int n = 2; names.contains(candidate); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    private VertexSpec vertex(String vertexName) {
        return vertices.stream().filter(v -> v.name().equals(vertexName)).findFirst().orElseThrow();
    }

    void checkName(String vertexName) {
        if (vertexName == null || vertexName.isBlank() || vertexName.contains("/")) {
            throw new IllegalArgumentException("a vertex name must be non-blank and contain no '/': '" + vertexName + "'");
        }
        if (!names.add(vertexName)) {
            throw new IllegalArgumentException("job '" + name + "' already has a vertex named '" + vertexName + "'");
        }
    }

    static void checkParallelism(String vertexName, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("'" + vertexName + "': parallelism must be at least 1, was " + parallelism);
        }
    }
}
