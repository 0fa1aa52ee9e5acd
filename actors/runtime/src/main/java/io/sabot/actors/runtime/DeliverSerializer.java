package io.sabot.actors.runtime;

import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.Dictionaries;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import io.sabot.actors.memory.ArrowMemory;
import io.sabot.actors.runtime.TaskCommand;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.StreamElement;
import io.sabot.actors.stream.Watermark;
import io.sabot.actors.stream.WatermarkStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Stream elements on the wire: {@code Deliver(channel, element, position)} as the channel, the
 * position (a flag, then its fields), a tag, and the element; a batch as its rows' event time, if any, then an Arrow IPC stream (schema, its
 * dictionaries, one record batch). Serializing a batch hands it over: its buffers are freed once
 * written, and the receiving side allocates the copy from its node's exchange allocator, as if it
 * had arrived from a local task. Tasks encode their batches for other nodes themselves
 * ({@link #encode}, sent as {@link TaskCommand.DeliverEncoded}), which arrive as {@code Deliver}s.
 */
public final class DeliverSerializer extends SerializerWithStringManifest {

    private static final String MANIFEST = "D";
    private static final byte BATCH = 0;
    private static final byte WATERMARK = 1;
    private static final byte STATUS = 2;
    private static final byte BARRIER = 3;
    private static final byte END = 4;

    private final ExtendedActorSystem system;
    private volatile BufferAllocator exchange;

    public DeliverSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return 581_000_001;
    }

    @Override
    public String manifest(Object message) {
        return MANIFEST;
    }

    /**
     * {@code batch} as it goes on the wire (its rows' event time, then an Arrow IPC stream), handed
     * over: its buffers are freed.
     */
    public static byte[] encode(Batch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeBatch(batch, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + batch, e);
        }
        return bytes.toByteArray();
    }

    private static void writeBatch(Batch batch, DataOutputStream out) throws IOException {
        writeEventTime(batch.eventTime(), out);
        try (batch; ArrowStreamWriter writer = new ArrowStreamWriter(batch.root(), batch.dictionaries(),
                Channels.newChannel(out))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        }
    }

    @Override
    public byte[] toBinary(Object message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof TaskCommand.DeliverEncoded encoded) {
                out.writeInt(encoded.channel());
                writePosition(encoded.position(), out);
                out.writeByte(BATCH);
                out.write(encoded.batch());
                return bytes.toByteArray();
            }
            TaskCommand.Deliver deliver = (TaskCommand.Deliver) message;
            out.writeInt(deliver.channel());
            writePosition(deliver.position(), out);
            StreamElement element = deliver.element();
            if (element instanceof Batch batch) {
                out.writeByte(BATCH);
                writeBatch(batch, out);
            } else if (element instanceof Watermark watermark) {
                out.writeByte(WATERMARK);
                out.writeLong(watermark.timestamp());
            } else if (element instanceof WatermarkStatus status) {
                out.writeByte(STATUS);
                out.writeByte(status.ordinal());
            } else if (element instanceof CheckpointBarrier barrier) {
                out.writeByte(BARRIER);
                out.writeLong(barrier.id());
                out.writeLong(barrier.timestamp());
                out.writeByte(barrier.kind().ordinal());
            } else {
                out.writeByte(END);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + message, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int channel = in.readInt();
            ChannelPosition position = in.readBoolean()
                    ? new ChannelPosition(in.readInt(), in.readLong(), in.readLong(), in.readInt(), in.readBoolean()) : null;
            byte tag = in.readByte();
            StreamElement element = switch (tag) {
                case BATCH -> readBatch(in);
                case WATERMARK -> new Watermark(in.readLong());
                case STATUS -> WatermarkStatus.values()[in.readByte()];
                case BARRIER -> new CheckpointBarrier(in.readLong(), in.readLong(),
                        CheckpointBarrier.CheckpointKind.values()[in.readByte()]);
                case END -> EndOfInput.INSTANCE;
                default -> throw new IllegalArgumentException("unknown stream element tag " + tag);
            };
            return new TaskCommand.Deliver(channel, element, position);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deserialize a stream element", e);
        }
    }

    private static void writePosition(ChannelPosition position, DataOutputStream out) throws IOException {
        out.writeBoolean(position != null);
        if (position != null) {
            out.writeInt(position.attempt());
            out.writeLong(position.since());
            out.writeLong(position.seq());
            out.writeInt(position.firstRow());
            out.writeBoolean(position.last());
        }
    }

    /** Before the Arrow bytes (whose reader owns the rest of the stream): a row count, or -1 for none. */
    private static void writeEventTime(EventTime eventTime, DataOutputStream out) throws IOException {
        if (eventTime == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(eventTime.rows());
        for (long timestamp : eventTime.timestamps()) {
            out.writeLong(timestamp);
        }
        for (long watermark : eventTime.watermarks()) {
            out.writeLong(watermark);
        }
    }

    private static EventTime readEventTime(DataInputStream in) throws IOException {
        int rows = in.readInt();
        if (rows < 0) {
            return null;
        }
        long[] timestamps = new long[rows];
        long[] watermarks = new long[rows];
        for (int i = 0; i < rows; i++) {
            timestamps[i] = in.readLong();
        }
        for (int i = 0; i < rows; i++) {
            watermarks[i] = in.readLong();
        }
        return new EventTime(timestamps, watermarks);
    }

    private Batch readBatch(DataInputStream in) throws IOException {
        EventTime eventTime = readEventTime(in);
        BufferAllocator allocator = exchange();
        try (ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
            if (!reader.loadNextBatch()) {
                throw new IOException("a serialized batch holds no record batch");
            }
            VectorSchemaRoot root = Batches.transfer(reader.getVectorSchemaRoot(), allocator);
            if (reader.getDictionaryIds().isEmpty()) {
                return Batch.of(root, eventTime);
            }
            DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();
            reader.getDictionaryVectors().values().forEach(dictionaries::put);
            return Batch.of(root, Dictionaries.transfer(dictionaries, allocator), eventTime); // the reader closes what it owned
        }
    }

    private BufferAllocator exchange() {
        BufferAllocator allocator = exchange;
        if (allocator == null) {
            allocator = ArrowMemory.get(Adapter.toTyped(system)).exchange();
            exchange = allocator;
        }
        return allocator;
    }
}
