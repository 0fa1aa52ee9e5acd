package io.sabot.actors.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A sink subtask's part of a checkpoint: the id its writer pre-committed under
 * ({@link TaskEnvironment#FINAL} at the end of its input) and what the writer returned for it.
 */
record SinkState(long preCommitId, byte[] committable) {

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(preCommitId);
            out.writeInt(committable == null ? -1 : committable.length);
            if (committable != null) {
                out.write(committable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SinkState decode(byte[] encoded) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            long id = in.readLong();
            int length = in.readInt();
            byte[] committable = null;
            if (length >= 0) {
                committable = new byte[length];
                in.readFully(committable);
            }
            return new SinkState(id, committable);
        }
    }
}
