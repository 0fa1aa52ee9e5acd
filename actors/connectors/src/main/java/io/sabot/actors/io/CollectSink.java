package io.sabot.actors.io;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.records.RecordType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Collects a job's output in memory as Java records, for tests and for embedding a job in an
 * application on a single node. Records of all subtasks land in one list, each subtask's in order,
 * when the job ends. Exactly once: every checkpoint keeps the records collected so far (as an Arrow
 * IPC stream), so a restored job collects each record once; meant for outputs that fit in memory.
 * That makes a checkpoint's cost grow with the output so far (the whole of it is encoded each
 * time): with checkpoints on, collect small outputs, and write large ones to a file sink.
 */
public final class CollectSink<T extends Record> implements Sink {

    private final RecordType<T> type;
    private final List<T> records = Collections.synchronizedList(new ArrayList<>());

    private CollectSink(Class<T> type) {
        this.type = RecordType.of(type);
    }

    public static <T extends Record> CollectSink<T> of(Class<T> type) {
        return new CollectSink<>(type);
    }

    /** A copy of what has been collected so far. */
    public List<T> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    @Override
    public void validate(Schema schema) {
        type.checkReadableFrom(schema);
    }

    @Override
    public int maxParallelism() {
        return Integer.MAX_VALUE;
    }

    @Override
    public SinkWriter createWriter(SinkContext context) throws IOException {
        List<T> restored = context.restoredState() == null ? List.of() : decode(context.restoredState(), context.allocator());
        return new SinkWriter() {
            private final List<T> collected = new ArrayList<>(restored);

            @Override
            public void write(VectorSchemaRoot batch) {
                RecordType<T>.Reader reader = type.reader(batch);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    collected.add(reader.read(row));
                }
            }

            /** Everything collected so far (when checkpoints are kept): the records become visible only when the job ends. */
            @Override
            public byte[] preCommit(long checkpointId) throws IOException {
                return context.recoverable() ? encode(collected, context.allocator()) : null;
            }

            @Override
            public void finish() {
                records.addAll(collected);
            }

            @Override
            public void abort() {
                collected.clear();
            }
        };
    }

    private byte[] encode(List<T> collected, BufferAllocator allocator) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RecordType<T>.Writer writer = type.writer(allocator)) {
            collected.forEach(writer::write);
            try (VectorSchemaRoot root = writer.finish();
                 ArrowStreamWriter stream = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
                stream.start();
                stream.writeBatch();
                stream.end();
            }
        }
        return bytes.toByteArray();
    }

    private List<T> decode(byte[] bytes, BufferAllocator allocator) throws IOException {
        List<T> decoded = new ArrayList<>();
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                RecordType<T>.Reader rows = type.reader(root);
                for (int row = 0; row < root.getRowCount(); row++) {
                    decoded.add(rows.read(row));
                }
            }
        }
        return decoded;
    }
}
