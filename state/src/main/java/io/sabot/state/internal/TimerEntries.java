package io.sabot.state.internal;

import io.sabot.state.backend.StateEntry;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Timers in snapshots and exports: one entry per timer, the user key holding the timestamp
 * (8 bytes) followed by the namespace, an empty value.
 */
public final class TimerEntries {

    private static final byte[] EMPTY = new byte[0];

    private TimerEntries() {}

    public static StateEntry entry(String queue, int keyGroup, byte[] key, long timestamp, byte[] namespace) {
        byte[] userKey = ByteBuffer.allocate(8 + namespace.length).putLong(timestamp).put(namespace).array();
        return new StateEntry(queue, keyGroup, key, userKey, EMPTY);
    }

    public static long timestamp(StateEntry entry) {
        return ByteBuffer.wrap(entry.userKey()).getLong();
    }

    public static byte[] namespace(StateEntry entry) {
        return Arrays.copyOfRange(entry.userKey(), 8, entry.userKey().length);
    }
}
