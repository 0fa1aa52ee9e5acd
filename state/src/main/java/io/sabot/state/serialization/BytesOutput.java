package io.sabot.state.serialization;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.util.Arrays;

/** A growable in-memory {@link java.io.DataOutput} whose buffer can be reused (no synchronization). */
public final class BytesOutput extends DataOutputStream {

    public BytesOutput(int initialCapacity) {
        super(new Buffer(initialCapacity));
    }

    public byte[] toByteArray() {
        Buffer buffer = (Buffer) out;
        return Arrays.copyOf(buffer.bytes, buffer.size);
    }

    /** Bytes written so far (valid up to {@link #length()}); no copy. */
    public byte[] buffer() {
        return ((Buffer) out).bytes;
    }

    public int length() {
        return ((Buffer) out).size;
    }

    private static final class Buffer extends OutputStream {
        byte[] bytes;
        int size;

        Buffer(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }
}
