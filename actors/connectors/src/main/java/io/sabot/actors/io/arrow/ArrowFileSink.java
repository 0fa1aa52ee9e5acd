package io.sabot.actors.io.arrow;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.state.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/** Writes an Arrow IPC file; it appears, complete, when the job ends. */
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
        AtomicFile output = AtomicFile.create(file);
        VectorSchemaRoot staging = VectorSchemaRoot.create(context.schema(), context.allocator());
        try {
            ArrowFileWriter writer = new ArrowFileWriter(staging, null, output.channel());
            writer.start();
            return new Writer(output, staging, writer);
        } catch (IOException | RuntimeException e) {
            staging.close();
            output.abort();
            throw e;
        }
    }

    private static final class Writer implements SinkWriter {
        private final AtomicFile output;
        private final VectorSchemaRoot staging;
        private final ArrowFileWriter writer;
        private final VectorLoader loader;

        Writer(AtomicFile output, VectorSchemaRoot staging, ArrowFileWriter writer) {
            this.output = output;
            this.staging = staging;
            this.writer = writer;
            this.loader = new VectorLoader(staging);
        }

        @Override
        public void write(VectorSchemaRoot batch) throws IOException {
            // Point the writer's root at the batch's buffers (no copy), then write them out.
            try (ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
                loader.load(record);
            }
            try {
                writer.writeBatch();
            } catch (IOException e) {
                throw output.failure("cannot write", e);
            }
        }

        @Override
        public void finish() throws IOException {
            try {
                writer.end();
            } catch (IOException e) {
                throw output.failure("cannot write", e);
            } finally {
                staging.close();
            }
            output.commit();
        }

        @Override
        public void abort() {
            staging.close();
            output.abort();
        }
    }
}
