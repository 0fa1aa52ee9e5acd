package io.sabot.actors.graph;

import io.sabot.actors.api.CoBatchFunction;
import io.sabot.actors.api.KeyedCoProcessFunction;
import io.sabot.actors.records.KeyedCoProcessAgent;
import java.util.List;
import java.util.function.Supplier;

/**
 * Two keyed streams feeding one two-input agent (Flink's keyed {@code ConnectedStreams}): rows of
 * both with equal keys go to the same subtask and share that key's state and timers; the
 * watermark is the minimum of both inputs'.
 */
public final class KeyedConnectedStreams {

    private final KeyedStream first;
    private final KeyedStream second;

    KeyedConnectedStreams(KeyedStream first, KeyedStream second) {
        this.first = first;
        this.second = second;
    }

    /** A per-record {@link KeyedCoProcessFunction}: records of both inputs with one key share its state and timers. */
    public <K, I1 extends Record, I2 extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends KeyedCoProcessFunction<K, I1, I2, O>> function,
            Class<I1> firstType, Class<I2> secondType, Class<O> outputType, int parallelism) {
        return process(name, () -> new KeyedCoProcessAgent<>(function.get(), firstType, secondType, outputType),
                parallelism);
    }

    /** A vectorized keyed two-input agent: rows of both inputs get key ids of one keyed state. */
    public DataStream process(String name, Supplier<? extends CoBatchFunction> function, int parallelism) {
        return DataStream.addAgent(name, function, parallelism, List.of(first.connection(), second.connection()));
    }
}
