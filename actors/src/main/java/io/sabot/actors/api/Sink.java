package io.sabot.actors.api;

import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;

/** Where a job's results go. */
public interface Sink {

    /**
     * Checks that this sink can write batches of {@code schema}; called when the job is built.
     * Throw {@link IllegalArgumentException} naming the column that cannot be written.
     */
    default void validate(Schema schema) {}

    /** The largest parallelism this sink supports (a single file: 1). */
    default int maxParallelism() {
        return 1;
    }

    SinkWriter createWriter(SinkContext context) throws IOException;
}
