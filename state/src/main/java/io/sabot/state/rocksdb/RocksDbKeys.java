package io.sabot.state.rocksdb;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * RocksDB key layout: {@code keyGroup (2 bytes) | key length (4 bytes) | key | user key}. The key
 * group comes first so a key group is one contiguous range; the length keeps the prefix of one key
 * from matching a longer key ("AB" vs "ABC"); a map state appends the user key.
 */
final class RocksDbKeys {

    static final int HEADER = 6;

    private RocksDbKeys() {}

    static byte[] prefix(int keyGroup, byte[] key) {
        return ByteBuffer.allocate(HEADER + key.length).putShort((short) keyGroup).putInt(key.length).put(key).array();
    }

    static byte[] withUserKey(byte[] prefix, byte[] userKey) {
        byte[] full = Arrays.copyOf(prefix, prefix.length + userKey.length);
        System.arraycopy(userKey, 0, full, prefix.length, userKey.length);
        return full;
    }

    static int keyGroup(byte[] stored) {
        return ByteBuffer.wrap(stored).getShort() & 0xffff;
    }

    static byte[] key(byte[] stored) {
        int length = ByteBuffer.wrap(stored, 2, 4).getInt();
        return Arrays.copyOfRange(stored, HEADER, HEADER + length);
    }

    /** The user key after the prefix, or null when there is none. */
    static byte[] userKey(byte[] stored) {
        int end = HEADER + ByteBuffer.wrap(stored, 2, 4).getInt();
        return end == stored.length ? null : Arrays.copyOfRange(stored, end, stored.length);
    }

    /** The first key group in byte order: where a key group's range starts. */
    static byte[] keyGroupStart(int keyGroup) {
        return ByteBuffer.allocate(2).putShort((short) keyGroup).array();
    }

    /** The smallest byte string greater than every string starting with {@code prefix}. */
    static byte[] after(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xff) {
                next[i]++;
                return Arrays.copyOf(next, i + 1);
            }
        }
        return null; // all 0xff: no upper bound
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
