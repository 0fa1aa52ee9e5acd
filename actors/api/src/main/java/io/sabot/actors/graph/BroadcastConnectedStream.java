package io.sabot.actors.graph;

import io.sabot.actors.api.BroadcastProcessFunction;
import io.sabot.actors.graph.DataStream.Connection;
import io.sabot.actors.records.BroadcastProcessAgent;
import java.util.List;
import java.util.function.Supplier;

/**
 * A non-keyed stream connected with a broadcast stream (Flink's {@code BroadcastConnectedStream}):
 * the agent made by {@code process} reads the stream as input 0 (forwarded at equal parallelism,
 * else rebalanced) and the broadcast stream as input 1, every batch of which reaches every subtask.
 * A keyed stream connects to {@link KeyedBroadcastConnectedStream} instead.
 */
public final class BroadcastConnectedStream {

    private final DataStream first;
    private final BroadcastStream broadcast;

    BroadcastConnectedStream(DataStream first, BroadcastStream broadcast) {
        this.first = first;
        this.broadcast = broadcast;
    }

    /**
     * A per-record {@link BroadcastProcessFunction} (a new instance per subtask from {@code function}):
     * records of the stream read as {@code firstType}, of the broadcast stream as {@code broadcastType}.
     */
    public <I1 extends Record, I2 extends Record, O extends Record> DataStream process(
            String name, Supplier<? extends BroadcastProcessFunction<I1, I2, O>> function,
            Class<I1> firstType, Class<I2> broadcastType, Class<O> outputType, int parallelism) {
        List<Connection> inputs = List.of(new Connection(first, null, null), broadcast.connection());
        return DataStream.addAgent(name, () -> new BroadcastProcessAgent<>(function.get(), firstType, broadcastType,
                outputType, broadcast.descriptors()), parallelism, inputs);
    }
}
