package io.sabot.actors.graph;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.BatchPredicate;
import io.sabot.actors.api.FilterFunction;
import io.sabot.actors.api.FlatMapFunction;
import io.sabot.actors.api.KeySelector;
import io.sabot.actors.api.MapFunction;
import io.sabot.actors.api.ProcessFunction;
import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.OutputTag;
import io.sabot.actors.api.Sink;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.graph.VertexSpec.AgentInput;
import io.sabot.actors.graph.VertexSpec.AgentVertex;
import io.sabot.actors.graph.VertexSpec.SinkVertex;
import io.sabot.actors.records.FilterAgent;
import io.sabot.actors.records.KeyColumnAgent;
import io.sabot.actors.records.ProcessAgent;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.keys.KeyColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stream of batches of one schema: the output (main or side) of a vertex, or the union of several,
 * to be keyed, processed further, connected with another stream or written to a sink. Per-record
 * operators ({@code map}, {@code filter}, {@code flatMap}, {@code process}) read and write Java
 * records; vectorized ones take a {@link BatchFunction}.
 */
public final class DataStream {

    /**
     * Where batches of the stream come from: the main output of {@code vertex} ({@code outputTag}
     * null) or a side output. Equal by vertex name and tag: declaring a side output replaces a
     * vertex by a widened copy, which is still the same origin.
     */
    record Origin(VertexSpec vertex, String outputTag) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Origin o && o.vertex.name().equals(vertex.name()) && Objects.equals(o.outputTag, outputTag);
        }

        @Override
        public int hashCode() {
            return Objects.hash(vertex.name(), outputTag);
        }
    }

    /**
     * How a stream feeds one input of a new agent: {@code partitioning} null means forward when the
     * parallelism is equal, else round-robin; {@code keyColumn} is set on keyed inputs.
     */
    record Connection(DataStream stream, Partitioning partitioning, String keyColumn) {}

    private final JobBuilder job;
    private final List<Origin> origins;
    private final Schema schema;
    private final boolean eventTime;

    DataStream(JobBuilder job, VertexSpec vertex, String outputTag, Schema schema, boolean eventTime) {
        this(job, List.of(new Origin(vertex, outputTag)), schema, eventTime);
    }

    private DataStream(JobBuilder job, List<Origin> origins, Schema schema, boolean eventTime) {
        this.job = job;
        this.origins = List.copyOf(origins);
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

    /**
     * The side output {@code tag} of the agent producing this stream (Flink's {@code getSideOutput}).
     * A per-record function may emit to any tag ({@code ctx.output}): asking for it declares it.
     */
    public DataStream getSideOutput(OutputTag tag) {
        Origin origin = origins.get(0);
        if (origins.size() > 1 || !(origin.vertex() instanceof AgentVertex) || origin.outputTag() != null) {
            throw new IllegalArgumentException("only an agent's main output has side outputs; '" + tag.id()
                    + "' was asked of '" + describe() + "'");
        }
        AgentVertex agent = job.declareSideOutput(origin.vertex().name(), tag);
        Schema sideSchema = agent.outputSchema(tag.id());
        if (!sideSchema.equals(tag.schema())) {
            throw new IllegalArgumentException("side output '" + tag.id() + "' of '" + agent.name() + "' has schema "
                    + sideSchema + ", the tag says " + tag.schema());
        }
        return new DataStream(job, agent, tag.id(), sideSchema, eventTime);
    }

    /**
     * One stream of the rows of this stream and of {@code others} (Flink's {@code union}): all of the
     * same schema and all with event time or all without; the watermark of the union is the minimum
     * of its inputs' watermarks. Rows of different inputs interleave in arrival order.
     */
    public DataStream union(DataStream... others) {
        List<Origin> all = new ArrayList<>(origins);
        for (DataStream other : others) {
            if (other.job != job) {
                throw new IllegalArgumentException("cannot unite streams of different jobs");
            }
            if (!other.schema.equals(schema)) {
                throw new IllegalArgumentException("union: '" + other.describe() + "' has schema " + other.schema
                        + ", '" + describe() + "' has " + schema + " (a union needs the same columns, types and encodings)");
            }
            if (other.eventTime != eventTime) {
                throw new IllegalArgumentException("union: '" + (eventTime ? other : this).describe() + "' has no event"
                        + " time and '" + (eventTime ? this : other).describe() + "' has: give both sources a WatermarkStrategy"
                        + " or neither");
            }
            all.addAll(other.origins);
        }
        if (new HashSet<>(all).size() != all.size()) {
            throw new IllegalArgumentException("union: a stream cannot be united with itself ('" + describe() + "')");
        }
        return new DataStream(job, all, schema, eventTime);
    }

    /**
     * Connects this stream with {@code other} for a two-input agent (Flink's {@code connect}): a
     * {@code CoProcessFunction}, or, once both are keyed, a {@code KeyedCoProcessFunction}.
     */
    public ConnectedStreams connect(DataStream other) {
        if (other.job != job) {
            throw new IllegalArgumentException("cannot connect streams of different jobs");
        }
        return new ConnectedStreams(this, other);
    }

    /**
     * A broadcast stream of this stream (Flink's {@code broadcast(MapStateDescriptor...)}): connected
     * with another stream, every one of its batches reaches every subtask of the agent, which keeps
     * one map of broadcast state per descriptor (names distinct).
     */
    public BroadcastStream broadcast(MapStateDescriptor<?, ?>... descriptors) {
        return new BroadcastStream(this, List.of(descriptors));
    }

    /**
     * Connects this stream with a broadcast stream (Flink's {@code connect(BroadcastStream)}) for a
     * {@code BroadcastProcessFunction}; a keyed stream connects with {@link KeyedStream#connect}.
     */
    public BroadcastConnectedStream connect(BroadcastStream broadcast) {
        if (broadcast.stream().job != job) {
            throw new IllegalArgumentException("cannot connect streams of different jobs");
        }
        return new BroadcastConnectedStream(this, broadcast);
    }

    /**
     * Starts a window join of this stream (left) with {@code other} (right) (Flink's
     * {@code join}): {@code where(leftKey).equalTo(rightKey).window(assigner).apply(...)}.
     */
    public JoinedStreams join(DataStream other) {
        return new JoinedStreams(this, other);
    }

    /**
     * Starts a window coGroup of this stream (left) with {@code other} (right) (Flink's
     * {@code coGroup}): per key and window, both sides' elements at once.
     */
    public CoGroupedStreams coGroup(DataStream other) {
        return new CoGroupedStreams(this, other);
    }

    /**
     * Applies {@code map} to every record, read as {@code inputType} (Flink's {@code map}); each
     * output record keeps its input's timestamp. The agent has this stream's parallelism.
     */
    public <I extends Record, O extends Record> DataStream map(String name, MapFunction<I, O> map,
                                                              Class<I> inputType, Class<O> outputType) {
        return process(name, () -> ProcessAgent.map(map, inputType, outputType), parallelism());
    }

    /** Applies {@code flatMap} to every record (Flink's {@code flatMap}); output records take their input's timestamp. */
    public <I extends Record, O extends Record> DataStream flatMap(String name, FlatMapFunction<I, O> flatMap,
                                                                  Class<I> inputType, Class<O> outputType) {
        return process(name, () -> ProcessAgent.flatMap(flatMap, inputType, outputType), parallelism());
    }

    /**
     * Keeps the rows whose record, read as {@code type}, passes {@code filter} (Flink's
     * {@code filter}). The output has this stream's schema, all columns and event time kept.
     */
    public <T extends Record> DataStream filter(String name, FilterFunction<T> filter, Class<T> type) {
        return process(name, () -> FilterAgent.of(filter, type), parallelism());
    }

    /** Keeps the rows a vectorized {@code predicate} selects (no records made): the fast filter. */
    public DataStream filter(String name, BatchPredicate predicate) {
        return process(name, () -> FilterAgent.of(predicate), parallelism());
    }

    /**
     * A per-record {@link ProcessFunction} (Flink's {@code process}) with side outputs
     * ({@code ctx.output}); a new instance per subtask from {@code function}.
     */
    public <I extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends ProcessFunction<I, O>> function, Class<I> inputType, Class<O> outputType,
            int parallelism) {
        return process(name, () -> new ProcessAgent<>(function.get(), inputType, outputType), parallelism);
    }

    /** Partitions the stream by the values of {@code column} (utf8, int32 or int64). */
    public KeyedStream keyBy(String column) {
        KeyColumn.of(schema, column); // rejects a missing or unsupported column now
        return new KeyedStream(this, column, false);
    }

    /**
     * Partitions the stream by the key {@code selector} returns for each record read as {@code type}
     * (Flink's {@code keyBy(KeySelector)}): a String, Integer or Long ({@code keyType}), assigned to
     * key groups as Flink does. The key is computed by an agent before the partitioning, which
     * appends it as column {@code $key}.
     */
    public <T extends Record, K> KeyedStream keyBy(KeySelector<T, K> selector, Class<T> type, Class<K> keyType) {
        return process(job.uniqueName("key-by"), () -> KeyColumnAgent.of(selector, type, keyType), parallelism())
                .keyBy(KeyColumnAgent.COLUMN);
    }

    /**
     * Partitions the stream by several columns (a composite key, as Flink's {@code keyBy} of several
     * fields): the key is the columns' values joined with {@code |} (e.g. {@code "AAPL|XNAS"}), a
     * string appended as column {@code $key}.
     */
    public KeyedStream keyBy(String first, String second, String... more) {
        List<String> columns = new ArrayList<>(List.of(first, second));
        columns.addAll(List.of(more));
        return process(job.uniqueName("key-by"), () -> KeyColumnAgent.composite(columns), parallelism())
                .keyBy(KeyColumnAgent.COLUMN);
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

    /** The parallelism of the vertices producing this stream (the largest, for a union). */
    int parallelism() {
        return origins.stream().mapToInt(o -> o.vertex().parallelism()).max().orElseThrow();
    }

    /** True when every vertex producing this stream has {@code parallelism}. */
    boolean allHaveParallelism(int parallelism) {
        return origins.stream().allMatch(o -> o.vertex().parallelism() == parallelism);
    }

    JobBuilder job() {
        return job;
    }

    /**
     * A non-keyed agent: one instance of the function per subtask. Subtask i reads from upstream
     * subtask i when the parallelism is equal, otherwise batches are spread round-robin.
     */
    public DataStream process(String name, Supplier<? extends BatchFunction> function, int parallelism) {
        return addAgent(name, function, parallelism, List.of(new Connection(this, null, null)));
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
        job.vertices.add(new SinkVertex(name, sink, parallelism, written));
        addEdges(name, parallelism, 0, new Connection(this, null, null));
    }

    /**
     * Adds agent {@code name} reading {@code inputs} (one, or two for a {@link CoBatchFunction}) and
     * returns its main output. The function's schemas are checked now.
     */
    static DataStream addAgent(String name, Supplier<? extends BatchFunction> function, int parallelism,
                               List<Connection> inputs) {
        JobBuilder job = inputs.get(0).stream().job;
        job.checkName(name);
        JobBuilder.checkParallelism(name, parallelism);
        for (Connection input : inputs) {
            // FORWARD asked for (a reinterpreted keyed stream): subtask i reads upstream subtask i only
            if (input.partitioning() == Partitioning.FORWARD && !input.stream().allHaveParallelism(parallelism)) {
                throw new IllegalArgumentException("agent '" + name + "': a reinterpreted keyed stream keeps its parallelism "
                        + input.stream().parallelism() + ", " + parallelism + " was asked for");
            }
        }
        Schema output;
        List<OutputTag> sideOutputs;
        boolean sideOutputsOnUse;
        try {
            BatchFunction instance = function.get();
            sideOutputsOnUse = instance.declaresSideOutputsOnUse();
            if (inputs.size() == 1) {
                Schema input = inputs.get(0).stream().schema;
                output = instance.outputSchema(input);
                sideOutputs = instance.sideOutputs(input);
            } else if (instance instanceof CoBatchFunction co) {
                Schema first = inputs.get(0).stream().schema;
                Schema second = inputs.get(1).stream().schema;
                output = co.outputSchema(first, second);
                sideOutputs = co.sideOutputs(first, second);
            } else {
                throw new IllegalArgumentException(instance.getClass().getSimpleName()
                        + " takes one input; a connected stream needs a two-input function (CoBatchFunction)");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("agent '" + name + "': " + e.getMessage(), e);
        }
        List<AgentInput> agentInputs = new ArrayList<>();
        boolean eventTime = true;
        for (Connection input : inputs) {
            agentInputs.add(new AgentInput(input.stream().schema, input.keyColumn(), input.stream().eventTime));
            if (input.partitioning() != Partitioning.BROADCAST) {
                eventTime &= input.stream().eventTime;
            }
        }
        AgentVertex agent = new AgentVertex(name, function, parallelism, agentInputs, output, sideOutputs, sideOutputsOnUse);
        job.vertices.add(agent);
        for (int i = 0; i < inputs.size(); i++) {
            inputs.get(i).stream().addEdges(name, parallelism, i, inputs.get(i));
        }
        return new DataStream(job, agent, null, output, eventTime);
    }

    /** An edge from every origin of this stream to input {@code input} of vertex {@code to}. */
    private void addEdges(String to, int parallelism, int input, Connection connection) {
        for (Origin origin : origins) {
            Partitioning partitioning = connection.partitioning() != null ? connection.partitioning()
                    : origin.vertex().parallelism() == parallelism ? Partitioning.FORWARD : Partitioning.REBALANCE;
            job.edges.add(new EdgeSpec(origin.vertex().name(), to, partitioning, connection.keyColumn(),
                    origin.outputTag(), input));
        }
    }

    /** The vertices (and side outputs) this stream comes from, for messages. */
    String describe() {
        return String.join(" + ", origins.stream()
                .map(o -> o.outputTag() == null ? o.vertex().name() : o.vertex().name() + "[" + o.outputTag() + "]")
                .toList());
    }
}
