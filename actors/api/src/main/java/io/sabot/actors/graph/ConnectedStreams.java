package io.sabot.actors.graph;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.graph.DataStream.Connection;
import io.sabot.state.keys.KeyColumn;
import java.util.List;
import java.util.function.Supplier;

/**
 * Two streams feeding one two-input agent (Flink's {@code ConnectedStreams}): the first is input 0,
 * the second input 1. Keyed with {@link #keyBy}, rows of both with equal keys go to the same subtask
 * and share its keyed state and timers.
 */
public final class ConnectedStreams {

    private final Connection first;
    private final Connection second;

    ConnectedStreams(Connection first, Connection second) {
        this.first = first;
        this.second = second;
    }

    /**
     * Keys both inputs (Flink's {@code connect(...).keyBy(k1, k2)}): {@code firstColumn} of the first
     * and {@code secondColumn} of the second, columns of the same key type. On a broadcast connection
     * only the first input is keyed: give {@code secondColumn} null.
     */
    public ConnectedStreams keyBy(String firstColumn, String secondColumn) {
        KeyColumn firstKey = KeyColumn.of(first.stream().schema(), firstColumn);
        if (second.partitioning() == Partitioning.BROADCAST) {
            if (secondColumn != null) {
                throw new IllegalArgumentException("a broadcast input is not keyed; give null as its key column");
            }
        } else {
            KeyColumn secondKey = KeyColumn.of(second.stream().schema(), secondColumn);
            if (firstKey.type() != secondKey.type()) {
                throw new IllegalArgumentException("cannot key connected streams by '" + firstColumn + "' ("
                        + firstKey.type() + ") and '" + secondColumn + "' (" + secondKey.type()
                        + "): the keys of both must be of one type");
            }
        }
        return new ConnectedStreams(
                new Connection(first.stream(), Partitioning.KEY_GROUPS, firstColumn),
                second.partitioning() == Partitioning.BROADCAST ? second
                        : new Connection(second.stream(), Partitioning.KEY_GROUPS, secondColumn));
    }

    /** True when the inputs are keyed ({@link #keyBy}). */
    public boolean isKeyed() {
        return first.keyColumn() != null;
    }

    DataStream firstStream() {
        return first.stream();
    }

    DataStream secondStream() {
        return second.stream();
    }

    /** A vectorized two-input agent: {@code KeyedBatch.input()} tells which input a batch came from. */
    public DataStream process(String name, Supplier<? extends CoBatchFunction> function, int parallelism) {
        return DataStream.addAgent(name, function, parallelism, List.of(first, second));
    }
}
