package io.sabot.actors.io.arrow;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.io.PartFiles;
import io.sabot.state.files.AtomicFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes an Arrow IPC file. Exactly once: batches are committed over checkpoints in part files
 * ({@link PartFiles}), each a complete Arrow file, and the file appears, complete, when the job
 * ends (one part is renamed into place; several are joined batch by batch).
 */
public final class ArrowFileSink implements Sink {

    private final Path file;

    private ArrowFileSink(Path file) {
        this.file = file;
    }

    public static ArrowFileSink to(Path file) {
        return new ArrowFileSink(file);
    }

    @Override
    public SinkWriter createWriter(SinkContext context) throws IOException {
        return new Writer(new PartFiles(file, context), context.schema(), context.allocator());
    }

    private static final class Writer implements SinkWriter {
        private final PartFiles parts;
        private final Schema schema;
        private final BufferAllocator allocator;
        private VectorSchemaRoot staging;  // the open part's root, pointed at each batch's buffers in turn
        private ArrowFileWriter writer;     // into the open part
        private VectorLoader loader;

        Writer(PartFiles parts, Schema schema, BufferAllocator allocator) {
            this.parts = parts;
            this.schema = schema;
            this.allocator = allocator;
        }

        @Override
        public void write(VectorSchemaRoot batch) throws IOException {
            try {
                if (writer == null) {
                    staging = VectorSchemaRoot.create(schema, allocator);
                    writer = new ArrowFileWriter(staging, null, parts.channel());
                    loader = new VectorLoader(staging);
                    writer.start();
                }
                // Point the writer's root at the batch's buffers (no copy), then write them out.
                try (ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
                    loader.load(record);
                }
                writer.writeBatch();
            } catch (IOException e) {
                throw AtomicFile.failure(parts.target(), "cannot write", e);
            }
        }

        /** Ends the open part (its footer written) and pre-commits it. */
        @Override
        public byte[] preCommit(long checkpointId) throws IOException {
            try {
                closePart(true);
                return parts.preCommit(checkpointId);
            } catch (IOException e) {
                throw AtomicFile.failure(parts.target(), "cannot write", e);
            }
        }

        @Override
        public void commit(long checkpointId) throws IOException {
            parts.commit(checkpointId);
        }

        @Override
        public void finish() throws IOException {
            parts.finish(this::join);
        }

        /** Several parts (or none) as one Arrow file: their batches in order. */
        private void join(List<Path> committed, FileChannel target) throws IOException {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
                ArrowFileWriter joined = new ArrowFileWriter(root, null, target); // not closed: the channel is the caller's
                VectorLoader into = new VectorLoader(root);
                joined.start();
                for (Path part : committed) {
                    try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ);
                         ArrowFileReader reader = new ArrowFileReader(in, allocator)) {
                        while (reader.loadNextBatch()) {
                            try (ArrowRecordBatch record = new VectorUnloader(reader.getVectorSchemaRoot()).getRecordBatch()) {
                                into.load(record);
                            }
                            joined.writeBatch();
                        }
                    }
                }
                joined.end();
            }
        }

        @Override
        public void abort() {
            try {
                closePart(false);
            } catch (IOException ignored) {
                // the part is dropped next
            }
            parts.abort();
        }

        private void closePart(boolean end) throws IOException {
            if (writer == null) {
                return;
            }
            try {
                if (end) {
                    writer.end();
                }
            } finally {
                staging.close();
                writer = null;
                staging = null;
            }
        }
    }
}
