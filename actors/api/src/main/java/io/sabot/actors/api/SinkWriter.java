package io.sabot.actors.api;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one subtask's results. Output becomes visible only on {@link #finish()}: a failed or
 * cancelled job never leaves a partial result that looks complete.
 */
public interface SinkWriter {

    /** Writes a batch; the caller keeps ownership of it. */
    void write(VectorSchemaRoot batch) throws IOException;

    /** End of input: makes everything written durable and visible. */
    void finish() throws IOException;

    /** The job failed or was cancelled: removes what was written. Must not throw. */
    void abort();
}
