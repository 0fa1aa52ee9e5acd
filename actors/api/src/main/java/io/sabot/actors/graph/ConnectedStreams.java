package io.sabot.actors.graph;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.CoProcessFunction;
import io.sabot.actors.graph.DataStream.Connection;
import io.sabot.actors.records.CoProcessAgent;
import io.sabot.state.keys.KeyColumn;
import java.util.List;
import java.util.function.Supplier;

/**
 * Two streams feeding one two-input agent (Flink's {@code ConnectedStreams}): the first is input 0,
 * the second input 1, read in arrival order. Keyed with {@link #keyBy}, rows of both with equal keys
 * go to the same subtask and share its keyed state and timers.
 */
public final class ConnectedStreams {

    private final DataStream first;
    private final DataStream second;

    ConnectedStreams(DataStream first, DataStream second) {
        this.first = first;
        this.second = second;
    }

    /**
     * Keys both inputs (Flink's {@code connect(...).keyBy(k1, k2)}): {@code firstColumn} of the first
     * and {@code secondColumn} of the second, columns of the same key type.
     */
    public KeyedConnectedStreams keyBy(String firstColumn, String secondColumn) {
        KeyColumn firstKey = KeyColumn.of(first.schema(), firstColumn);
        KeyColumn secondKey = KeyColumn.of(second.schema(), secondColumn);
        if (firstKey.type() != secondKey.type()) {
            throw new IllegalArgumentException("cannot key connected streams by '" + firstColumn + "' ("
                    + firstKey.type() + ") and '" + secondColumn + "' (" + secondKey.type()
                    + "): the keys of both must be of one type");
        }
        return new KeyedConnectedStreams(first.keyBy(firstColumn), second.keyBy(secondColumn));
    }

    /**
     * A per-record {@link CoProcessFunction} (Flink's {@code ConnectedStreams.process}): records of
     * the first input read as {@code firstType}, of the second as {@code secondType}.
     */
    public <I1 extends Record, I2 extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends CoProcessFunction<I1, I2, O>> function,
            Class<I1> firstType, Class<I2> secondType, Class<O> outputType, int parallelism) {
        return process(name, () -> new CoProcessAgent<>(function.get(), firstType, secondType, outputType), parallelism);
    }

    /** A vectorized two-input agent: {@code KeyedBatch.input()} tells which input a batch came from. */
    public DataStream process(String name, Supplier<? extends CoBatchFunction> function, int parallelism) {
        return DataStream.addAgent(name, function, parallelism,
                List.of(new Connection(first, null, null), new Connection(second, null, null)));
    }
}
