package io.sabot.state.broadcast;

import io.sabot.state.api.BroadcastState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ReadOnlyBroadcastState;
import io.sabot.state.serialization.BytesInput;
import io.sabot.state.serialization.BytesOutput;
import io.sabot.state.serialization.TypeSerializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The broadcast state of one subtask: one map per descriptor declared by the broadcast stream
 * ({@code broadcast(descriptors...)}), looked up by the descriptor's name and checked against its
 * key and value types. {@link #snapshot()} writes every map with the descriptors' serializers;
 * {@link #restore} reads such a snapshot back (from this subtask or, after a rescale, from another
 * one: every subtask holds the same state).
 *
 * <p>Snapshot format: version, number of states, then per state its name, the ids of its key and
 * value serializers, and its entries as one length-prefixed block (so a state no longer declared can
 * be skipped without its serializers).
 */
public final class BroadcastStates {

    private static final int VERSION = 1;

    private final String owner;
    private final Map<String, HeapBroadcastState<?, ?>> states = new LinkedHashMap<>();

    /** @param owner who holds the states, for messages ("agent 'filter'") */
    public BroadcastStates(List<MapStateDescriptor<?, ?>> descriptors, String owner) {
        this.owner = owner;
        for (MapStateDescriptor<?, ?> descriptor : descriptors) {
            if (states.put(descriptor.getName(), new HeapBroadcastState<>(descriptor, owner)) != null) {
                throw new IllegalArgumentException(owner + " declares broadcast state '" + descriptor.getName()
                        + "' twice: give each MapStateDescriptor its own name");
            }
        }
    }

    /** The state of {@code descriptor}, to read and change (the broadcast side). */
    public <K, V> BroadcastState<K, V> get(MapStateDescriptor<K, V> descriptor) {
        return lookup(descriptor);
    }

    /** The state of {@code descriptor}, to read only (the non-broadcast side); changing it throws, naming it. */
    public <K, V> ReadOnlyBroadcastState<K, V> readOnly(MapStateDescriptor<K, V> descriptor) {
        return lookup(descriptor).readOnly();
    }

    @SuppressWarnings("unchecked")
    private <K, V> HeapBroadcastState<K, V> lookup(MapStateDescriptor<K, V> descriptor) {
        HeapBroadcastState<?, ?> state = states.get(descriptor.getName());
        if (state == null) {
            throw new IllegalArgumentException("broadcast state '" + descriptor.getName() + "' is not declared by "
                    + owner + ": its broadcast stream declares " + names() + " (DataStream.broadcast(descriptors...))");
        }
        MapStateDescriptor<?, ?> declared = state.descriptor();
        if (!sameTypes(declared, descriptor)) {
            throw new IllegalArgumentException("broadcast state '" + descriptor.getName() + "' of " + owner
                    + " is declared with " + types(declared) + ", asked for with " + types(descriptor));
        }
        return (HeapBroadcastState<K, V>) state;
    }

    /**
     * Every state's entries, serialized now (so later changes do not show in it). An unserializable
     * entry fails the snapshot, naming the state.
     */
    public byte[] snapshot() {
        BytesOutput out = new BytesOutput(256);
        try {
            out.writeInt(VERSION);
            out.writeInt(states.size());
            for (HeapBroadcastState<?, ?> state : states.values()) {
                out.writeUTF(state.descriptor().getName());
                out.writeUTF(state.descriptor().getKeySerializer().id());
                out.writeUTF(state.descriptor().getSerializer().id());
                byte[] entries = entries(state);
                out.writeInt(entries.length);
                out.write(entries);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("snapshotting the broadcast state of " + owner + " failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static <K, V> byte[] entries(HeapBroadcastState<K, V> state) throws IOException {
        TypeSerializer<K> keys = state.descriptor().getKeySerializer();
        TypeSerializer<V> values = state.descriptor().getSerializer();
        BytesOutput out = new BytesOutput(64 + 32 * state.map.size());
        out.writeInt(state.map.size());
        for (Map.Entry<K, V> entry : state.map.entrySet()) {
            keys.serialize(entry.getKey(), out);
            values.serialize(entry.getValue(), out);
        }
        return out.toByteArray();
    }

    /**
     * Replaces every declared state that {@code snapshot} holds with its entries. A state in the
     * snapshot that is no longer declared is dropped; a declared one of other types than it was
     * snapshotted with is refused, naming it.
     */
    public void restore(byte[] snapshot) {
        try {
            BytesInput in = new BytesInput(snapshot, 0, snapshot.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalStateException("broadcast state of " + owner + " in snapshot format " + version
                        + ", this version reads " + VERSION);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                String keySerializer = in.readUTF();
                String valueSerializer = in.readUTF();
                byte[] entries = new byte[in.readInt()];
                in.readFully(entries);
                HeapBroadcastState<?, ?> state = states.get(name);
                if (state == null) {
                    continue; // no longer declared: nobody can read it
                }
                MapStateDescriptor<?, ?> descriptor = state.descriptor();
                if (!descriptor.getKeySerializer().id().equals(keySerializer)
                        || !descriptor.getSerializer().id().equals(valueSerializer)) {
                    throw new IllegalStateException("broadcast state '" + name + "' of " + owner + " was checkpointed"
                            + " with keys " + keySerializer + " and values " + valueSerializer + "; the job now declares "
                            + types(descriptor) + ", which cannot read it");
                }
                read(state, entries);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the broadcast state of " + owner + " in the checkpoint is corrupt", e);
        }
    }

    private static <K, V> void read(HeapBroadcastState<K, V> state, byte[] bytes) throws IOException {
        TypeSerializer<K> keys = state.descriptor().getKeySerializer();
        TypeSerializer<V> values = state.descriptor().getSerializer();
        BytesInput in = new BytesInput(bytes, 0, bytes.length);
        state.map.clear();
        for (int n = in.readInt(); n > 0; n--) {
            K key = keys.deserialize(in);
            state.map.put(key, values.deserialize(in));
        }
    }

    private String names() {
        return states.isEmpty() ? "none" : states.keySet().stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }

    private static boolean sameTypes(MapStateDescriptor<?, ?> a, MapStateDescriptor<?, ?> b) {
        return a.getKeySerializer().id().equals(b.getKeySerializer().id())
                && a.getSerializer().id().equals(b.getSerializer().id());
    }

    private static String types(MapStateDescriptor<?, ?> descriptor) {
        return "keys " + descriptor.getKeySerializer().id() + " and values " + descriptor.getSerializer().id();
    }
}
