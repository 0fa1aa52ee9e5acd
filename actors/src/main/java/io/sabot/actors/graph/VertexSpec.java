package io.sabot.actors.graph;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.Sink;
import io.sabot.actors.api.Source;
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

    record SourceVertex(String name, Source source, int parallelism, Schema outputSchema) implements VertexSpec {}

    /** {@code keyColumn} is null for an agent on a non-keyed stream. */
    record AgentVertex(String name, Supplier<? extends BatchFunction> function, int parallelism,
                       Schema inputSchema, Schema outputSchema, String keyColumn) implements VertexSpec {}

    /** {@code inputSchema}: the schema the sink's writer is given (dictionary-encoded columns decoded unless it takes them). */
    record SinkVertex(String name, Sink sink, int parallelism, Schema inputSchema) implements VertexSpec {}
}
