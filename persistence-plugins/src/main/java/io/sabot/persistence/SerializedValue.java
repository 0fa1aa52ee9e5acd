package io.sabot.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An object as Pekko serialization wrote it: serializer id, manifest and bytes, so that whatever
 * serializer the application binds to its class reads it back. In a buffer: int serializer id, a
 * string manifest, int length and the bytes (a string is an int length and UTF-8 bytes).
 */
public record SerializedValue(int serializerId, String manifest, byte[] bytes) {

    /** Reads a value written by {@link #writeTo}; the buffer's position moves past it. */
    public static SerializedValue readFrom(ByteBuffer in) {
        int serializerId = in.getInt();
        String manifest = readString(in);
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new SerializedValue(serializerId, manifest, bytes);
    }

    public int size() {
        return 4 + stringSize(manifest) + 4 + bytes.length;
    }

    public void writeTo(ByteBuffer out) {
        out.putInt(serializerId);
        writeString(out, manifest);
        out.putInt(bytes.length).put(bytes);
    }

    /** This value alone in a byte array. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(size());
        writeTo(out);
        return out.array();
    }

    /** Bytes {@link #writeOptional} takes: a presence byte (0 or 1), then the value if there is one. */
    public static int optionalSize(SerializedValue value) {
        return 1 + (value == null ? 0 : value.size());
    }

    /** Writes a value that may be absent ({@code null}). */
    public static void writeOptional(ByteBuffer out, SerializedValue value) {
        out.put((byte) (value == null ? 0 : 1));
        if (value != null) {
            value.writeTo(out);
        }
    }

    /** Reads a value written by {@link #writeOptional}; {@code null} if it was absent. */
    public static SerializedValue readOptional(ByteBuffer in) {
        return in.get() == 1 ? readFrom(in) : null;
    }

    public static void writeString(ByteBuffer out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(utf8.length).put(utf8);
    }

    public static String readString(ByteBuffer in) {
        byte[] utf8 = new byte[in.getInt()];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Bytes {@link #writeString} takes for {@code s}. */
    public static int stringSize(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }
}
