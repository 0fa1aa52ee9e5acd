package io.sabot.state.keys;

import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The Java type of a key column's values, how they hash (as Flink: {@code key.hashCode()}) and how
 * they are written in state (snapshots, RocksDB keys): UTF-8 bytes, or big-endian integers so that
 * the byte order is the numeric order for non-negative keys.
 */
public enum KeyType {
    UTF8 {
        @Override
        public byte[] toBytes(Object key) {
            return ((String) key).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object fromBytes(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    },
    INT32 {
        @Override
        public byte[] toBytes(Object key) {
            return ByteBuffer.allocate(4).putInt((Integer) key).array();
        }

        @Override
        public Object fromBytes(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getInt();
        }
    },
    INT64 {
        @Override
        public byte[] toBytes(Object key) {
            return ByteBuffer.allocate(8).putLong((Long) key).array();
        }

        @Override
        public Object fromBytes(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    public abstract byte[] toBytes(Object key);

    public abstract Object fromBytes(byte[] bytes);

    public int keyGroupOf(Object key, int maxParallelism) {
        return KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
    }
}
