package io.sabot.state.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns values of one type into bytes and back, for RocksDB, snapshots and export. Built-in
 * serializers cover primitives, strings and primitive arrays without reflection; records of such
 * components go through {@link RecordSerializer}, other user types through {@link JacksonSerializer}
 * (CBOR). Java serialization is never used.
 */
public interface TypeSerializer<T> {

    /** A stable identifier written into snapshots, checked on restore. */
    String id();

    void serialize(T value, DataOutput out) throws IOException;

    T deserialize(DataInput in) throws IOException;

    /**
     * A copy that shares no mutable part with {@code value}: what a copy-on-write snapshot keeps
     * while the job goes on changing the original. Immutable types return {@code value} itself.
     */
    T copy(T value);

    /** Serializes to a new byte array. */
    default byte[] toBytes(T value) {
        BytesOutput out = new BytesOutput(32);
        try {
            serialize(value, out);
        } catch (IOException e) {
            throw new IllegalStateException("serializing " + value + " with " + id() + " failed", e);
        }
        return out.toByteArray();
    }

    /** Reads a value serialized by {@link #toBytes}. */
    default T fromBytes(byte[] bytes) {
        try {
            return deserialize(new BytesInput(bytes, 0, bytes.length));
        } catch (IOException e) {
            throw new IllegalStateException("deserializing a value with " + id() + " failed", e);
        }
    }
}
