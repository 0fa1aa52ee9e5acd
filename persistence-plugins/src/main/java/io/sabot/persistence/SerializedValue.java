package io.sabot.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * An object as Pekko serialization writes it: serializer id, manifest and bytes, so that it can be
 * read back by whatever serializer the application binds to its class. In a buffer it is: int
 * serializer id, int length and UTF-8 manifest, int length and bytes.
 */
public record SerializedValue(int serializerId, String manifest, byte[] bytes) {

    /**
     * Serializes {@code value} with the serializer bound to its class.
     *
     * @throws java.io.NotSerializableException (unchecked by Pekko) when no serializer is bound
     */
    public static SerializedValue of(Serialization serialization, Object value) {
        Serializer serializer = serialization.findSerializerFor(value);
        byte[] bytes = serializer.toBinary(value);
        return new SerializedValue(serializer.identifier(), Serializers.manifestFor(serializer, value), bytes);
    }

    /** Reads a value written by {@link #writeTo}; the buffer's position moves past it. */
    public static SerializedValue readFrom(ByteBuffer in) {
        int serializerId = in.getInt();
        String manifest = readString(in);
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new SerializedValue(serializerId, manifest, bytes);
    }

    /** The object, through the serializer that wrote it. */
    public Object deserialize(Serialization serialization) {
        return serialization.deserialize(bytes, serializerId, manifest).get();
    }

    public int size() {
        return 4 + 4 + manifest.getBytes(StandardCharsets.UTF_8).length + 4 + bytes.length;
    }

    public void writeTo(ByteBuffer out) {
        out.putInt(serializerId);
        writeString(out, manifest);
        out.putInt(bytes.length).put(bytes);
    }

    /** Writes an int length and the UTF-8 bytes of {@code s}. */
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
