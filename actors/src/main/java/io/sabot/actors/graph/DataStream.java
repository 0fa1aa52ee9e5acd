package io.sabot.actors.graph;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.Sink;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.graph.VertexSpec.AgentVertex;
import io.sabot.actors.graph.VertexSpec.SinkVertex;
import io.sabot.state.keys.KeyColumn;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/** The output of a vertex, to be keyed, processed further or written to a sink. */
public final class DataStream {

    private final JobBuilder job;
    private final VertexSpec vertex;
    private final Schema schema;

    DataStream(JobBuilder job, VertexSpec vertex, Schema schema) {
        this.job = job;
        this.vertex = vertex;
        this.schema = schema;
    }

    /** The schema of this stream's batches. */
    public Schema schema() {
        return schema;
    }

    /** Partitions the stream by the values of {@code column} (utf8, int32 or int64). */
    public KeyedStream keyBy(String column) {
        KeyColumn.of(schema, column); // rejects a missing or unsupported column now
        return new KeyedStream(this, column, false);
    }

    /**
     * Declares that this stream is already partitioned by {@code column} exactly as {@link #keyBy}
     * would partition it (Flink's {@code DataStreamUtils.reinterpretAsKeyedStream}): the next keyed
     * agent, with the same parallelism, reads it subtask to subtask without reshuffling. Use it for
     * sources partitioned by key (a Kafka topic keyed by symbol). A row of a key owned by another
     * subtask fails the job with a clear error rather than being processed in the wrong place.
     */
    public KeyedStream reinterpretAsKeyedStream(String column) {
        KeyColumn.of(schema, column);
        return new KeyedStream(this, column, true);
    }

    int parallelism() {
        return vertex.parallelism();
    }

    /**
     * A non-keyed agent: one instance of the function per subtask. Subtask i reads from upstream
     * subtask i when the parallelism is equal, otherwise batches are spread round-robin.
     */
    public DataStream process(String name, Supplier<? extends BatchFunction> function, int parallelism) {
        Partitioning partitioning = parallelism == vertex.parallelism() ? Partitioning.FORWARD : Partitioning.REBALANCE;
        return addAgent(name, function, parallelism, partitioning, null);
    }

    /** Writes the stream to {@code sink} with parallelism 1. */
    public void sinkTo(String name, Sink sink) {
        sinkTo(name, sink, 1);
    }

    public void sinkTo(String name, Sink sink, int parallelism) {
        job.checkName(name);
        JobBuilder.checkParallelism(name, parallelism);
        if (parallelism > sink.maxParallelism()) {
            throw new IllegalArgumentException("sink '" + name + "' supports a parallelism of at most "
                    + sink.maxParallelism() + ", " + parallelism + " was asked for");
        }
        // Unless a sink takes dictionary-encoded columns as they are, it is given them decoded.
        Schema written = sink.writesDictionaryEncodedColumns() ? schema : Dictionaries.decodedSchema(schema);
        try {
            sink.validate(written);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sink '" + name + "': " + e.getMessage(), e);
        }
        Partitioning partitioning = parallelism == vertex.parallelism() ? Partitioning.FORWARD : Partitioning.REBALANCE;
        job.addSink(new SinkVertex(name, sink, parallelism, written),
                new EdgeSpec(vertex.name(), name, partitioning, null));
    }

    DataStream addAgent(String name, Supplier<? extends BatchFunction> function, int parallelism,
                        Partitioning partitioning, String keyColumn) {
        job.checkName(name);
        JobBuilder.checkParallelism(name, parallelism);
        Schema output;
        try {
            output = function.get().outputSchema(schema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent '" + name + "': " + e.getMessage(), e);
        }
        AgentVertex agent = new AgentVertex(name, function, parallelism, schema, output, keyColumn);
        job.addAgent(agent, new EdgeSpec(vertex.name(), name, partitioning, keyColumn));
        return new DataStream(job, agent, output);
    }
}
