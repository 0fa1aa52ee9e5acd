package io.sabot.actors.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source subtask's part of a checkpoint: the rows it had emitted, its reader's position (null: it
 * keeps none), the state of its watermark generators (one per split), and the watermarks it had
 * generated and sent.
 */
record SourceState(long rows, byte[] position, Map<String, long[]> generators, long watermark, long forwarded) {

    /** The format: "SS" and version 2 (version 1, before per-split generators, had no header and is not read). */
    private static final int FORMAT = 0x5353_0002;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(rows);
            out.writeInt(position == null ? -1 : position.length);
            if (position != null) {
                out.write(position);
            }
            out.writeInt(generators.size());
            for (var split : generators.entrySet()) {
                out.writeUTF(split.getKey());
                out.writeInt(split.getValue().length);
                for (long value : split.getValue()) {
                    out.writeLong(value);
                }
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
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("a source's state in the checkpoint was written by an earlier Sabot (format "
                        + Integer.toHexString(format) + "; this one reads " + Integer.toHexString(FORMAT) + "): start the job afresh");
            }
            long rows = in.readLong();
            int length = in.readInt();
            byte[] position = null;
            if (length >= 0) {
                position = new byte[length];
                in.readFully(position);
            }
            Map<String, long[]> generators = new LinkedHashMap<>();
            for (int splits = in.readInt(); splits > 0; splits--) {
                String split = in.readUTF();
                long[] state = new long[in.readInt()];
                for (int i = 0; i < state.length; i++) {
                    state[i] = in.readLong();
                }
                generators.put(split, state);
            }
            return new SourceState(rows, position, generators, in.readLong(), in.readLong());
        }
    }
}
