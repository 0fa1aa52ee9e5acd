package io.sabot.actors.api;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads one subtask's share of a source, batch by batch. */
public interface SourceReader extends AutoCloseable {

    /** The next batch (the caller owns it), or null at the end of a bounded input. */
    VectorSchemaRoot next() throws IOException;

    /** Rows emitted so far, counted from the start of the input: the offset to resume from. */
    long offset();

    @Override
    void close() throws IOException;
}
