package io.sabot.watermarks.windows;

import io.sabot.state.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A window as 16 bytes (start, end): the key of window state and the namespace of window timers. */
public final class TimeWindowSerializer implements TypeSerializer<TimeWindow> {

    public static final TimeWindowSerializer INSTANCE = new TimeWindowSerializer();

    private TimeWindowSerializer() {}

    @Override
    public String id() {
        return "time-window";
    }

    @Override
    public void serialize(TimeWindow window, DataOutput out) throws IOException {
        out.writeLong(window.start());
        out.writeLong(window.end());
    }

    @Override
    public TimeWindow deserialize(DataInput in) throws IOException {
        return new TimeWindow(in.readLong(), in.readLong());
    }

    @Override
    public TimeWindow copy(TimeWindow window) {
        return window;
    }

    @Override
    public byte[] toBytes(TimeWindow window) {
        return ByteBuffer.allocate(16).putLong(window.start()).putLong(window.end()).array();
    }

    @Override
    public TimeWindow fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new TimeWindow(buffer.getLong(), buffer.getLong());
    }
}
