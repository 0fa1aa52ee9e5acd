package io.sabot.actors.graph;

import io.sabot.state.api.MapStateDescriptor;
import java.util.List;

/**
 * A stream to be delivered whole to every subtask of the agent it is connected to, with the
 * broadcast state that agent keeps of it (Flink's {@code BroadcastStream}). Made by
 * {@link DataStream#broadcast}; connect a stream to it with {@link DataStream#connect(BroadcastStream)}.
 */
public final class BroadcastStream {

    private final DataStream stream;
    private final List<MapStateDescriptor<?, ?>> descriptors;

    BroadcastStream(DataStream stream, List<MapStateDescriptor<?, ?>> descriptors) {
        this.stream = stream;
        this.descriptors = List.copyOf(descriptors);
    }

    DataStream stream() {
        return stream;
    }

    /** The broadcast state the connected agent keeps, one map per descriptor. */
    public List<MapStateDescriptor<?, ?>> descriptors() {
        return descriptors;
    }
}
