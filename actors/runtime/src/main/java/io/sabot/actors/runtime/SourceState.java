package io.sabot.actors.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A source subtask's part of a checkpoint: the rows it had emitted, its reader's position (null: it
 * keeps none), its watermark generator's state, and the watermarks it had generated and sent.
 */
record SourceState(long rows, byte[] position, long[] generator, long watermark, long forwarded) {

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(rows);
            out.writeInt(position == null ? -1 : position.length);
            if (position != null) {
                out.write(position);
            }
            out.writeInt(generator.length);
            for (long value : generator) {
                out.writeLong(value);
            }
            out.writeLong(watermark);
            out.writeLong(forwarded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SourceState decode(byte[] encoded) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            long rows = in.readLong();
            int length = in.readInt();
            byte[] position = null;
            if (length >= 0) {
                position = new byte[length];
                in.readFully(position);
            }
            long[] generator = new long[in.readInt()];
            for (int i = 0; i < generator.length; i++) {
                generator[i] = in.readLong();
            }
            return new SourceState(rows, position, generator, in.readLong(), in.readLong());
        }
    }
}
