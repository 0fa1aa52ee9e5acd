package io.sabot.fintech.agents;

import io.sabot.state.files.AtomicFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Rejected input rows, as CSV: {@code line,reason,<the row's columns>}, in the order they were
 * rejected. Like every file sink, it appears complete under its name on {@link #commit()} and not
 * at all after {@link #close()} without a commit. Safe to share between the subtasks of a job (writes are
 * synchronized); rows are buffered, so the agent that rejects a row rarely waits for the disk.
 */
public final class DeadLetterFile implements AutoCloseable {

    private final AtomicFile file;
    private final Writer out;
    private final List<String> columns;
    private boolean closed;

    private DeadLetterFile(AtomicFile file, List<String> columns) throws IOException {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.out = new BufferedWriter(Channels.newWriter(file.channel(), StandardCharsets.UTF_8), 1 << 16);
        StringBuilder header = new StringBuilder("line,reason");
        columns.forEach(c -> header.append(',').append(field(c)));
        write(header.append('\n'));
    }

    /** A dead-letter file for rows of {@code columns} (the input's columns, in order). */
    public static DeadLetterFile create(Path path, List<String> columns) throws IOException {
        return new DeadLetterFile(AtomicFile.create(path), columns);
    }

    /** Appends row {@code row} of {@code vectors} (the input's columns, as given at creation). */
    public synchronized void reject(long line, String reason, List<FieldVector> vectors, int row) throws IOException {
        StringBuilder text = new StringBuilder().append(line).append(',').append(field(reason));
        for (FieldVector vector : vectors) {
            if (columns.contains(vector.getName())) {
                Object value = vector.getObject(row);
                text.append(',').append(value == null ? "" : field(value.toString()));
            }
        }
        write(text.append('\n'));
    }

    /** Makes the file appear, complete. */
    public synchronized void commit() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw file.failure("cannot write", e);
        }
        file.commit();
        closed = true;
    }

    /** Removes what was written (the job failed); harmless after {@link #commit()}. */
    @Override
    public synchronized void close() {
        if (!closed) {
            file.abort();
            closed = true;
        }
    }

    private void write(CharSequence text) throws IOException {
        try {
            out.append(text);
        } catch (IOException e) {
            throw file.failure("cannot write", e);
        }
    }

    /** Quotes text that contains a comma, a quote or a line break (RFC 4180). */
    private static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
