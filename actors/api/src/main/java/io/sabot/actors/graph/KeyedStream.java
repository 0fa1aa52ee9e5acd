package io.sabot.actors.graph;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.records.FieldAggregation;
import io.sabot.actors.records.KeyedProcessAgent;
import io.sabot.actors.records.RollingReduce;
import io.sabot.state.api.ReduceFunction;
import io.sabot.watermarks.windows.WindowAssigner;
import java.util.List;
import java.util.function.Supplier;

/** A stream partitioned by a key column: every key is processed by exactly one subtask. */
public final class KeyedStream {

    private final DataStream input;
    private final String keyColumn;
    private final boolean alreadyPartitioned;

    KeyedStream(DataStream input, String keyColumn, boolean alreadyPartitioned) {
        this.input = input;
        this.keyColumn = keyColumn;
        this.alreadyPartitioned = alreadyPartitioned;
    }

    public String keyColumn() {
        return keyColumn;
    }

    DataStream input() {
        return input;
    }

    /** How this stream feeds a keyed agent: by key group, or subtask to subtask when already partitioned. */
    DataStream.Connection connection() {
        return new DataStream.Connection(input, alreadyPartitioned ? Partitioning.FORWARD : Partitioning.KEY_GROUPS,
                keyColumn);
    }

    /** Cuts the stream into event-time windows per key (Flink's {@code KeyedStream.window}). */
    public WindowedStream window(WindowAssigner assigner) {
        return new WindowedStream(this, assigner);
    }

    /**
     * Connects this keyed stream with a broadcast stream (Flink's {@code KeyedStream.connect(BroadcastStream)})
     * for a {@code KeyedBroadcastProcessFunction}.
     */
    public KeyedBroadcastConnectedStream connect(BroadcastStream broadcast) {
        if (broadcast.stream().job() != input.job()) {
            throw new IllegalArgumentException("cannot connect streams of different jobs");
        }
        return new KeyedBroadcastConnectedStream(this, broadcast);
    }

    /**
     * Joins each row of this stream with the latest row of {@code right} of the same key at or
     * before its event time ({@link AsOfJoinedStreams}); the keys of both are of one type.
     */
    public AsOfJoinedStreams asOfJoin(KeyedStream right) {
        return new AsOfJoinedStreams(this, right);
    }

    /**
     * Starts an interval join of this stream (left) with {@code other} (right), keyed by columns of
     * one type (Flink's {@code KeyedStream.intervalJoin}); give the bounds with {@code between}.
     */
    public IntervalJoin intervalJoin(KeyedStream other) {
        return new IntervalJoin(this, other);
    }

    /** A vectorized keyed agent: batches arrive with the dense id of each row's key. */
    public DataStream process(String name, Supplier<? extends BatchFunction> function, int parallelism) {
        return DataStream.addAgent(name, function, parallelism, List.of(connection()));
    }

    /** A per-record keyed agent over Java records, as Flink's {@code KeyedStream.process}. */
    public <K, I extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends KeyedProcessFunction<K, I, O>> function,
            Class<I> inputType, Class<O> outputType, int parallelism) {
        return process(name, () -> new KeyedProcessAgent<>(function.get(), inputType, outputType), parallelism);
    }

    /**
     * Flink's rolling {@code reduce}: for every record, the reduced value of its key so far (kept
     * in keyed state), with the record's timestamp. The agent has the input's parallelism.
     */
    public <T extends Record> DataStream reduce(String name, ReduceFunction<T> reduce, Class<T> type) {
        return process(name, () -> new RollingReduce<>(reduce, type), type, type, input.parallelism());
    }

    /** The rolling sum of {@code field} per key; the other fields are the key's first record's (as Flink's {@code sum}). */
    public <T extends Record> DataStream sum(String name, String field, Class<T> type) {
        return aggregate(name, FieldAggregation.Kind.SUM, field, type);
    }

    /** The rolling minimum of {@code field} per key; the other fields are the key's first record's (as Flink's {@code min}). */
    public <T extends Record> DataStream min(String name, String field, Class<T> type) {
        return aggregate(name, FieldAggregation.Kind.MIN, field, type);
    }

    /** The rolling maximum of {@code field} per key; the other fields are the key's first record's. */
    public <T extends Record> DataStream max(String name, String field, Class<T> type) {
        return aggregate(name, FieldAggregation.Kind.MAX, field, type);
    }

    /** Per key, the record with the smallest {@code field} so far (the earlier on ties), as Flink's {@code minBy}. */
    public <T extends Record> DataStream minBy(String name, String field, Class<T> type) {
        return aggregate(name, FieldAggregation.Kind.MIN_BY, field, type);
    }

    /** Per key, the record with the largest {@code field} so far (the earlier on ties), as Flink's {@code maxBy}. */
    public <T extends Record> DataStream maxBy(String name, String field, Class<T> type) {
        return aggregate(name, FieldAggregation.Kind.MAX_BY, field, type);
    }

    private <T extends Record> DataStream aggregate(String name, FieldAggregation.Kind kind, String field, Class<T> type) {
        try {
            return reduce(name, new FieldAggregation<>(kind, type, field), type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent '" + name + "': " + e.getMessage(), e);
        }
    }
}
