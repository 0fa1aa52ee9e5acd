package io.sabot.actors.io.arrow;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.Batches;
import io.sabot.actors.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Schema;

/** An Arrow IPC file (the random-access "file" format); its batches are emitted as they are stored. */
public final class ArrowFileSource implements Source {

    private final Path file;
    private final Schema schema;

    private ArrowFileSource(Path file, Schema schema) {
        this.file = file;
        this.schema = schema;
    }

    /** Reads the file's schema now, so a missing or unreadable file fails when the job is built. */
    public static ArrowFileSource of(Path file) {
        try (BufferAllocator allocator = new RootAllocator();
             ArrowFileReader reader = open(file, allocator)) {
            Schema schema = reader.getVectorSchemaRoot().getSchema();
            if (schema.getFields().stream().anyMatch(f -> f.getDictionary() != null)) {
                throw new BadInputException(file.toString(), 0, null, "dictionary-encoded columns are not supported yet");
            }
            return new ArrowFileSource(file, schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public SourceReader createReader(SourceContext context) throws IOException {
        return new Reader(open(file, context.allocator()), context.allocator(), context.startOffset());
    }

    private static ArrowFileReader open(Path file, BufferAllocator allocator) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), 0, null, "no such file");
        }
        ArrowFileReader reader = new ArrowFileReader(channel, allocator);
        try {
            reader.getVectorSchemaRoot(); // reads and checks the footer
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw new BadInputException(file.toString(), 0, null, "not a readable Arrow IPC file (" + e.getMessage() + ")");
        }
    }

    private static final class Reader implements SourceReader {
        private final ArrowFileReader reader;
        private final BufferAllocator allocator;
        private final List<ArrowBlock> blocks;
        private int nextBlock;
        private long offset;
        private long skip;

        Reader(ArrowFileReader reader, BufferAllocator allocator, long startOffset) throws IOException {
            this.reader = reader;
            this.allocator = allocator;
            this.blocks = reader.getRecordBlocks();
            this.skip = startOffset;
        }

        @Override
        public VectorSchemaRoot next() throws IOException {
            while (nextBlock < blocks.size()) {
                reader.loadRecordBatch(blocks.get(nextBlock++));
                VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
                int rows = loaded.getRowCount();
                if (skip >= rows) {
                    skip -= rows;
                    offset += rows;
                    continue;
                }
                VectorSchemaRoot batch;
                if (skip > 0) {
                    try (VectorSchemaRoot slice = loaded.slice((int) skip, rows - (int) skip)) {
                        batch = Batches.transfer(slice, allocator);
                    }
                    offset += skip;
                    skip = 0;
                } else {
                    batch = Batches.transfer(loaded, allocator);
                }
                offset += batch.getRowCount();
                return batch;
            }
            return null;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
