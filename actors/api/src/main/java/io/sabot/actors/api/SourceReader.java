package io.sabot.actors.api;

import io.sabot.actors.stream.Batch;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads one subtask's share of a source, batch by batch. */
public interface SourceReader extends AutoCloseable {

    /** The next batch (the caller owns it), or null at the end of a bounded input. */
    VectorSchemaRoot next() throws IOException;

    /**
     * The next batch with the dictionaries of its dictionary-encoded columns (the caller owns both),
     * or null at the end. Readers of dictionary-encoded columns override it; the runtime calls this.
     */
    default Batch nextBatch() throws IOException {
        VectorSchemaRoot root = next();
        return root == null ? null : Batch.of(root);
    }

    /** Rows emitted so far, counted from the start of the input: the offset to resume from. */
    long offset();

    /**
     * Where the reader is after the last batch it returned, kept in every checkpoint (Flink's split
     * state), so that a restored reader resumes there without reading what came before: a byte
     * offset in a file, a generator's state. Null (the default): the reader keeps no position, and a
     * restored one skips {@link #offset()} rows.
     */
    default byte[] position() {
        return null;
    }

    @Override
    void close() throws IOException;
}
