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

    /**
     * Whether the writer takes dictionary-encoded columns as they are (indices, the dictionaries
     * ignored). By default they are decoded to plain columns before the writer sees them.
     */
    default boolean writesDictionaryEncodedColumns() {
        return false;
    }

    SinkWriter createWriter(SinkContext context) throws IOException;
}
