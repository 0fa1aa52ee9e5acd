package io.sabot.actors.api;

import io.sabot.actors.stream.Batch;
import java.io.IOException;
import java.util.Collection;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads one subtask's share of a source, batch by batch. */
public interface SourceReader extends AutoCloseable {

    /**
     * The next batch (the caller owns it), or null at the end of a bounded input. A reader of an
     * unbounded input with nothing to read now returns a batch of no rows after waiting briefly
     * (tens of milliseconds at most, so that barriers and credits are not held up); it is asked again.
     */
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

    /**
     * The splits this reader reads now (the partitions of a Kafka topic, say), each with a watermark
     * generator of its own (Flink's per-split watermarks); asked after every batch, and a split no
     * longer listed has ended. Null (the default): the reader is a single split.
     */
    default Collection<String> splits() {
        return null;
    }

    /** The split of {@link #splits()} the last batch came from (a batch holds rows of one split). */
    default String split() {
        return null;
    }

    /**
     * The checkpoint whose barrier followed the batches read up to {@code position} (what
     * {@link #position()} returned then) has completed: a reader may tell the system it reads from
     * (Kafka's committed offsets, for monitoring). Must not throw for a failure to tell.
     */
    default void checkpointCompleted(long checkpointId, byte[] position) {}

    @Override
    void close() throws IOException;
}
