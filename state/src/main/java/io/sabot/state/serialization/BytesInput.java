package io.sabot.state.serialization;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;

/** A {@link java.io.DataInput} over a byte array slice. */
public final class BytesInput extends DataInputStream {

    public BytesInput(byte[] bytes, int offset, int length) {
        super(new ByteArrayInputStream(bytes, offset, length));
    }
}
