package io.sabot.state.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A process that rewrites one file through {@link AtomicFile} again and again until it is killed:
 * generation g is {@code g, length, length pseudo-random bytes, crc32c of all before}. It prints
 * {@code committed g} after each commit.
 */
public final class AtomicFileWriter {

    static final int PAYLOAD = 4 << 20;

    private AtomicFileWriter() {}

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        for (long generation = 1; ; generation++) {
            AtomicFile.write(target, contents(generation));
            System.out.println("committed " + generation);
            System.out.flush();
        }
    }

    static byte[] contents(long generation) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + PAYLOAD + 4);
        buffer.putLong(generation).putLong(PAYLOAD);
        SplittableRandom random = new SplittableRandom(generation);
        for (int i = 0; i < PAYLOAD; i += 8) {
            buffer.putLong(random.nextLong());
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    /** The generation a file holds, or an exception saying how it is torn. */
    static long generationOf(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != 16 + PAYLOAD + 4) {
            throw new IllegalStateException(file + " is torn: " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long generation = buffer.getLong();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if (buffer.getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw new IllegalStateException(file + " is torn: its checksum does not match");
        }
        return generation;
    }
}
