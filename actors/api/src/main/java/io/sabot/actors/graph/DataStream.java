package io.sabot.actors.graph;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.Sink;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.graph.VertexSpec.AgentVertex;
import io.sabot.actors.graph.VertexSpec.SinkVertex;
import io.sabot.state.keys.KeyColumn;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/** The output (main or side) of a vertex, to be keyed, processed further or written to a sink. */
public final class DataStream {

    private final JobBuilder job;
    private final VertexSpec vertex;
    private final String outputTag; // null: the vertex's main output
    private final Schema schema;
    private final boolean eventTime;

    DataStream(JobBuilder job, VertexSpec vertex, String outputTag, Schema schema, boolean eventTime) {
        this.job = job;
        this.vertex = vertex;
        this.outputTag = outputTag;
        this.schema = schema;
        this.eventTime = eventTime;
    }

    /** The schema of this stream's batches. */
    public Schema schema() {
        return schema;
    }

    /** True when the rows carry event timestamps (the source has a watermark strategy). */
    public boolean hasEventTime() {
        return eventTime;
    }

    /** The side output {@code tag} of the agent producing this stream (Flink's {@code getSideOutput}). */
    public DataStream getSideOutput(OutputTag tag) {
        if (!(vertex instanceof AgentVertex agent) || outputTag != null) {
            throw new IllegalArgumentException("only an agent's main output has side outputs; '" + tag.id()
                    + "' was asked of '" + vertex.name() + "'");
        }
        Schema sideSchema = agent.outputSchema(tag.id());
        if (!sideSchema.equals(tag.schema())) {
            throw new IllegalArgumentException("side output '" + tag.id() + "' of '" + vertex.name() + "' has schema "
                    + sideSchema + ", the tag says " + tag.schema());
        }
        return new DataStream(job, vertex, tag.id(), sideSchema, eventTime);
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
        job.add(new SinkVertex(name, sink, parallelism, written),
                new EdgeSpec(vertex.name(), name, partitioning, null, outputTag));
    }

    DataStream addAgent(String name, Supplier<? extends BatchFunction> function, int parallelism,
                        Partitioning partitioning, String keyColumn) {
        job.checkName(name);
        JobBuilder.checkParallelism(name, parallelism);
        Schema output;
        List<OutputTag> sideOutputs;
        try {
            BatchFunction instance = function.get();
            output = instance.outputSchema(schema);
            sideOutputs = instance.sideOutputs(schema);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("agent '" + name + "': " + e.getMessage(), e);
        }
        AgentVertex agent = new AgentVertex(name, function, parallelism, schema, output, keyColumn, sideOutputs);
        job.add(agent, new EdgeSpec(vertex.name(), name, partitioning, keyColumn, outputTag));
        return new DataStream(job, agent, null, output, eventTime);
    }
}
