package io.sabot.actors.graph;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.Sink;
import io.sabot.actors.api.Source;
import io.sabot.watermarks.strategy.WatermarkStrategy;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/** A node of the job graph: a source, an agent or a sink, with its parallelism. */
public sealed interface VertexSpec {

    String name();

    int parallelism();

    /** Reads files or writes them: runs on the blocking-I/O dispatcher. */
    default boolean doesIo() {
        return !(this instanceof AgentVertex);
    }

    /** {@code watermarks} is null for a source without event time. */
    record SourceVertex(String name, Source source, int parallelism, Schema outputSchema,
                        WatermarkStrategy watermarks) implements VertexSpec {}

    /**
     * One input of an agent: the schema of its batches, the column its rows are keyed by (null: not
     * keyed, e.g. a non-keyed stream or the broadcast side of a broadcast connection) and whether its
     * rows carry event time.
     */
    record AgentInput(Schema schema, String keyColumn, boolean eventTime) {}

    /**
     * An agent with one input, or two (a connected stream or a join: {@code inputs} in edge order);
     * {@code sideOutputsOnUse}: its function emits to any side output, so reading one declares it
     * ({@link BatchFunction#declaresSideOutputsOnUse}).
     */
    record AgentVertex(String name, Supplier<? extends BatchFunction> function, int parallelism,
                       List<AgentInput> inputs, Schema outputSchema, List<OutputTag> sideOutputs,
                       boolean sideOutputsOnUse) implements VertexSpec {

        public AgentVertex {
            inputs = List.copyOf(inputs);
            sideOutputs = List.copyOf(sideOutputs);
        }

        /** True when some input is keyed: the agent then has keyed state. */
        public boolean isKeyed() {
            return inputs.stream().anyMatch(i -> i.keyColumn() != null);
        }

        /** The schema of output {@code outputTag} (null: the main output). */
        public Schema outputSchema(String outputTag) {
            if (outputTag == null) {
                return outputSchema;
            }
            return sideOutputs.stream().filter(t -> t.id().equals(outputTag)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("agent '" + name + "' has no side output '" + outputTag + "'"))
                    .schema();
        }
    }

    /** {@code inputSchema}: the schema the sink's writer is given (dictionary-encoded columns decoded unless it takes them). */
    record SinkVertex(String name, Sink sink, int parallelism, Schema inputSchema) implements VertexSpec {}
}
