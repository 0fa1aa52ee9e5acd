package io.sabot.actors.graph;

import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.KeyedProcessFunction;
import io.sabot.actors.records.KeyedProcessAgent;
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
     * Starts an interval join of this stream (left) with {@code other} (right), keyed by columns of
     * one type (Flink's {@code KeyedStream.intervalJoin}); give the bounds with {@code between}.
     */
    public IntervalJoin intervalJoin(KeyedStream other) {
        return new IntervalJoin(this, other);
    }

    /** A vectorized keyed agent: batches arrive with the dense id of each row's key. */
    public DataStream process(String name, Supplier<? extends BatchFunction> function, int parallelism) {
        if (alreadyPartitioned && !input.allHaveParallelism(parallelism)) {
            throw new IllegalArgumentException("agent '" + name + "': a reinterpreted keyed stream keeps its parallelism "
                    + input.parallelism() + ", " + parallelism + " was asked for");
        }
        return DataStream.addAgent(name, function, parallelism, List.of(connection()));
    }

    /** A per-record keyed agent over Java records, as Flink's {@code KeyedStream.process}. */
    public <K, I extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends KeyedProcessFunction<K, I, O>> function,
            Class<I> inputType, Class<O> outputType, int parallelism) {
        return process(name, () -> new KeyedProcessAgent<>(function.get(), inputType, outputType), parallelism);
    }
}
