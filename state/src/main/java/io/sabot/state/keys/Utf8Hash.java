package io.sabot.state.keys;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Java's {@code String.hashCode()} of a UTF-8 string stored off-heap (an Arrow VarChar value),
 * computed without creating the String. Key groups depend on this value, so it must equal what
 * Flink computes for the same {@code String} key.
 */
public final class Utf8Hash {

    private Utf8Hash() {}

    /** {@code new String(bytes at address, UTF_8).hashCode()}, allocation-free for ASCII. */
    public static int javaStringHashCode(long address, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            byte b = MemoryUtil.getByte(address + i);
            if (b < 0) {
                return decodeAndHash(address, length); // non-ASCII: let the JDK decode it
            }
            h = 31 * h + b;
        }
        return h;
    }

    /** Same as {@link #javaStringHashCode(long, int)} for bytes on the heap. */
    public static int javaStringHashCode(byte[] bytes, int offset, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[offset + i];
            if (b < 0) {
                return new String(bytes, offset, length, StandardCharsets.UTF_8).hashCode();
            }
            h = 31 * h + b;
        }
        return h;
    }

    private static int decodeAndHash(long address, int length) {
        byte[] bytes = new byte[length];
        MemoryUtil.copyFromMemory(address, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8).hashCode();
    }
}
