package io.sabot.actors.graph;

import io.sabot.actors.api.KeyedBroadcastProcessFunction;
import io.sabot.actors.graph.DataStream.Connection;
import io.sabot.actors.records.KeyedBroadcastProcessAgent;
import java.util.List;
import java.util.function.Supplier;

/**
 * A keyed stream connected with a broadcast stream (Flink's {@code BroadcastConnectedStream} made
 * from a {@code KeyedStream}; Sabot gives it its own type, so a keyed function on a non-keyed stream
 * does not compile rather than failing when the job is built): the agent made by {@code process}
 * reads the keyed stream as input 0, by key group, and the broadcast stream as input 1, every batch
 * of which reaches every subtask.
 */
public final class KeyedBroadcastConnectedStream {

    private final KeyedStream first;
    private final BroadcastStream broadcast;

    KeyedBroadcastConnectedStream(KeyedStream first, BroadcastStream broadcast) {
        this.first = first;
        this.broadcast = broadcast;
    }

    /**
     * A per-record {@link KeyedBroadcastProcessFunction} (a new instance per subtask from
     * {@code function}): records of the keyed stream read as {@code firstType} with their key
     * current, of the broadcast stream as {@code broadcastType}.
     */
    public <K, I1 extends Record, I2 extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends KeyedBroadcastProcessFunction<K, I1, I2, O>> function,
            Class<I1> firstType, Class<I2> broadcastType, Class<O> outputType, int parallelism) {
        List<Connection> inputs = List.of(first.connection(), broadcast.connection());
        return DataStream.addAgent(name, () -> new KeyedBroadcastProcessAgent<>(function.get(), firstType,
                broadcastType, outputType, broadcast.descriptors()), parallelism, inputs);
    }
}
