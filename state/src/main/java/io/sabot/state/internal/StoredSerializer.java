package io.sabot.state.internal;

import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.StateDescriptor;
import io.sabot.state.backend.StateMeta;
import io.sabot.state.serialization.BytesInput;
import io.sabot.state.serialization.BytesOutput;
import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.ttl.TtlValue;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes of stored values, the same in RocksDB, snapshots and exports: a value is
 * {@code [lastAccess: long, if TTL][value]}; a list is {@code [count: int][element]…} with each
 * element like a value; a map state stores each entry under its user key's bytes.
 */
public final class StoredSerializer {

    private final StateMeta meta;
    @SuppressWarnings("rawtypes")
    private final TypeSerializer values;
    @SuppressWarnings("rawtypes")
    private final TypeSerializer userKeys;

    public StoredSerializer(StateDescriptor<?> descriptor) {
        this.meta = StateMeta.of(descriptor);
        this.values = descriptor.getSerializer();
        this.userKeys = descriptor instanceof MapStateDescriptor<?, ?> map ? map.getKeySerializer() : null;
    }

    public StateMeta meta() {
        return meta;
    }

    public byte[] valueBytes(Object stored) {
        BytesOutput out = new BytesOutput(32);
        try {
            if (meta.kind() == StateMeta.Kind.LIST) {
                List<?> list = (List<?>) stored;
                out.writeInt(list.size());
                for (Object element : list) {
                    writeOne(element, out);
                }
            } else {
                writeOne(stored, out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("serializing " + meta.name() + " failed", e);
        }
        return out.toByteArray();
    }

    public Object valueFromBytes(byte[] bytes) {
        BytesInput in = new BytesInput(bytes, 0, bytes.length);
        try {
            if (meta.kind() == StateMeta.Kind.LIST) {
                int count = in.readInt();
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(readOne(in));
                }
                return list;
            }
            return readOne(in);
        } catch (IOException e) {
            throw new IllegalStateException("deserializing " + meta.name() + " failed", e);
        }
    }

    @SuppressWarnings("unchecked")
    public byte[] userKeyBytes(Object userKey) {
        return userKeys.toBytes(userKey);
    }

    public Object userKeyFromBytes(byte[] bytes) {
        return userKeys.fromBytes(bytes);
    }

    /** The last-access time inside stored value bytes (TTL states only): the first 8 bytes. */
    public static long lastAccessOf(byte[] valueBytes) {
        long ts = 0;
        for (int i = 0; i < 8; i++) {
            ts = (ts << 8) | (valueBytes[i] & 0xff);
        }
        return ts;
    }

    /** A deep copy of a stored value (for a map state: of the whole per-key map). */
    @SuppressWarnings("unchecked")
    public Object copy(Object stored) {
        return switch (meta.kind()) {
            case LIST -> {
                List<Object> copy = new ArrayList<>(((List<?>) stored).size());
                ((List<?>) stored).forEach(e -> copy.add(copyOne(e)));
                yield copy;
            }
            case MAP -> {
                Map<Object, Object> copy = new HashMap<>();
                ((Map<Object, Object>) stored).forEach((k, v) -> copy.put(k, copyOne(v)));
                yield copy;
            }
            default -> copyOne(stored);
        };
    }

    @SuppressWarnings("unchecked")
    private Object copyOne(Object stored) {
        if (stored instanceof TtlValue<?> ttl) {
            return new TtlValue<>(values.copy(ttl.value()), ttl.lastAccess());
        }
        return values.copy(stored);
    }

    @SuppressWarnings("unchecked")
    private void writeOne(Object stored, DataOutput out) throws IOException {
        if (meta.ttl()) {
            TtlValue<?> ttl = (TtlValue<?>) stored;
            out.writeLong(ttl.lastAccess());
            values.serialize(ttl.value(), out);
        } else {
            values.serialize(stored, out);
        }
    }

    private Object readOne(DataInput in) throws IOException {
        if (meta.ttl()) {
            long lastAccess = in.readLong();
            return new TtlValue<>(values.deserialize(in), lastAccess);
        }
        return values.deserialize(in);
    }
}
