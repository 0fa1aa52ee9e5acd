package io.sabot.actors.graph;

import io.sabot.state.api.MapStateDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A stream to be delivered whole to every subtask of the agent it is connected to, with the
 * broadcast state that agent keeps of it (Flink's {@code BroadcastStream}): one map per descriptor,
 * names distinct. Made by {@link DataStream#broadcast}; connect a stream to it with
 * {@link DataStream#connect(BroadcastStream)} or {@link KeyedStream#connect(BroadcastStream)}.
 */
public final class BroadcastStream {

    private final DataStream stream;
    private final List<MapStateDescriptor<?, ?>> descriptors;

    BroadcastStream(DataStream stream, List<MapStateDescriptor<?, ?>> descriptors) {
        Set<String> names = new HashSet<>();
        for (MapStateDescriptor<?, ?> descriptor : descriptors) {
            if (descriptor == null) {
                throw new IllegalArgumentException("broadcast of '" + stream.describe() + "': a descriptor is null");
            }
            if (!names.add(descriptor.getName())) {
                throw new IllegalArgumentException("broadcast of '" + stream.describe() + "' declares broadcast state '"
                        + descriptor.getName() + "' twice: give each MapStateDescriptor its own name");
            }
        }
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

    /** How this stream feeds the broadcast input of an agent: every batch to every subtask, not keyed. */
    DataStream.Connection connection() {
        return new DataStream.Connection(stream, Partitioning.BROADCAST, null);
    }
}
