package io.sabot.actors.io.csv;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.io.PartFiles;
import io.sabot.state.files.AtomicFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a CSV file with a header line. Doubles are printed as Java's {@code Double.toString},
 * nulls as empty fields, text quoted only when it must be. Exactly once: rows are committed over
 * checkpoints in part files ({@link PartFiles}), and the file appears, complete, when the job ends;
 * a failed job leaves no file behind.
 *
 * <p>{@link #toDirectory} writes a directory of part files instead, one series per subtask
 * ({@code part-<subtask>-<n>.csv}, each with the header), for a sink of several subtasks: on a
 * cluster they run on several nodes, and the directory is one every node reaches. A part appears
 * when the checkpoint it was closed on completes, as with Flink's file sink; a failed job leaves
 * the parts its completed checkpoints committed, for the run that resumes from them.
 */
public final class CsvSink implements Sink {

    private final Path file;
    private final boolean directory;

    private CsvSink(Path file, boolean directory) {
        this.file = file;
        this.directory = directory;
    }

    /** One CSV file, written by a sink of parallelism 1. */
    public static CsvSink to(Path file) {
        return new CsvSink(file, false);
    }

    /** A directory of CSV part files, {@code part-<subtask>-<n>.csv}, each with the header line. */
    public static CsvSink toDirectory(Path directory) {
        return new CsvSink(directory, true);
    }

    /** One file has one writer; a directory has one series of parts per subtask. */
    @Override
    public int maxParallelism() {
        return directory ? Integer.MAX_VALUE : 1;
    }

    @Override
    public void validate(Schema schema) {
        for (Field field : schema.getFields()) {
            ArrowType type = field.getType();
            if (!(type.equals(SchemaBuilder.UTF8) || type.equals(SchemaBuilder.INT64) || type.equals(SchemaBuilder.INT32)
                    || type.equals(SchemaBuilder.FLOAT64) || type.equals(SchemaBuilder.BOOL))) {
                throw new IllegalArgumentException("column '" + field.getName() + "' has type " + type
                        + ", which a CSV sink cannot write");
            }
        }
    }

    @Override
    public SinkWriter createWriter(SinkContext context) throws IOException {
        return new CsvWriter(directory ? PartFiles.inDirectory(file, ".csv", context) : new PartFiles(file, context),
                context.schema());
    }

    /** Rows go to part files committed over checkpoints (the first part starts with the header). */
    private static final class CsvWriter implements SinkWriter {
        private final PartFiles parts;
        private final Schema schema;
        private final StringBuilder line = new StringBuilder(256);
        private Writer out; // into the open part

        CsvWriter(PartFiles parts, Schema schema) {
            this.parts = parts;
            this.schema = schema;
        }

        @Override
        public void write(VectorSchemaRoot batch) throws IOException {
            try {
                writeRows(batch);
            } catch (IOException e) {
                throw AtomicFile.failure(parts.target(), "cannot write", e);
            }
        }

        private Writer out() throws IOException {
            if (out == null) {
                boolean first = parts.isEmpty() || parts.keepsParts(); // each kept part is a CSV file of its own
                out = new BufferedWriter(Channels.newWriter(parts.channel(), StandardCharsets.UTF_8), 1 << 16);
                if (first) {
                    writeHeader(out);
                }
            }
            return out;
        }

        private void writeHeader(Writer to) throws IOException {
            line.setLength(0);
            for (int c = 0; c < schema.getFields().size(); c++) {
                if (c > 0) {
                    line.append(',');
                }
                CsvFormat.appendText(line, schema.getFields().get(c).getName());
            }
            to.append(line).append('\n');
        }

        private void writeRows(VectorSchemaRoot batch) throws IOException {
            var vectors = batch.getFieldVectors();
            Writer to = batch.getRowCount() == 0 ? null : out();
            for (int row = 0; row < batch.getRowCount(); row++) {
                line.setLength(0);
                for (int c = 0; c < vectors.size(); c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    CsvFormat.appendValue(line, vectors.get(c), row);
                }
                to.append(line).append('\n');
            }
        }

        @Override
        public byte[] preCommit(long checkpointId) throws IOException {
            try {
                if (out != null) {
                    out.flush();
                    out = null;
                }
                return parts.preCommit(checkpointId);
            } catch (IOException e) {
                throw AtomicFile.failure(parts.target(), "cannot write", e);
            }
        }

        @Override
        public void commit(long checkpointId) throws IOException {
            parts.commit(checkpointId);
        }

        /** The committed parts become the file (just the header when there were no rows). */
        @Override
        public void finish() throws IOException {
            parts.finish((committed, target) -> {
                if (committed.isEmpty()) {
                    Writer header = Channels.newWriter(target, StandardCharsets.UTF_8);
                    writeHeader(header);
                    header.flush();
                }
                for (Path part : committed) {
                    try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                        long size = in.size();
                        for (long copied = 0; copied < size; ) {
                            copied += in.transferTo(copied, size - copied, target);
                        }
                    }
                }
            });
        }

        @Override
        public void abort() {
            parts.abort();
        }
    }
}
