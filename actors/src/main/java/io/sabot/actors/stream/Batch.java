package io.sabot.actors.stream;

import io.sabot.actors.batch.Batches;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A data batch: an Arrow {@link VectorSchemaRoot} with exactly one owner at a time.
 *
 * <p>Ownership rules. Whoever holds a Batch must either hand it on or {@link #close()} it. Handing
 * a batch to another subtask moves it: the sender {@linkplain #transferTo transfers} its buffers
 * and must not touch it afterwards; the receiver transfers them into its own allocator on arrival.
 * Transfers move buffer accounting between allocators of one root without copying data. Within a
 * JVM batches travel by reference; between nodes as Arrow IPC bytes.
 */
public final class Batch implements StreamElement, AutoCloseable {

    private VectorSchemaRoot root;
    private final EventTime eventTime; // null: the rows carry no event time

    private Batch(VectorSchemaRoot root, EventTime eventTime) {
        this.root = Objects.requireNonNull(root, "root");
        if (eventTime != null && eventTime.rows() != root.getRowCount()) {
            throw new IllegalArgumentException("event time for " + eventTime.rows() + " rows on a batch of "
                    + root.getRowCount());
        }
        this.eventTime = eventTime;
    }

    /** Takes ownership of {@code root}. */
    public static Batch of(VectorSchemaRoot root) {
        return new Batch(root, null);
    }

    /** Takes ownership of {@code root}, whose rows have the given event time (may be null). */
    public static Batch of(VectorSchemaRoot root, EventTime eventTime) {
        return new Batch(root, eventTime);
    }

    /** The rows' timestamps and watermarks, or null when the stream has no event time. */
    public EventTime eventTime() {
        return eventTime;
    }

    /** The data, still owned by this batch. */
    public VectorSchemaRoot root() {
        if (root == null) {
            throw new IllegalStateException("this batch was closed or handed on");
        }
        return root;
    }

    public int rowCount() {
        return root().getRowCount();
    }

    public Schema schema() {
        return root().getSchema();
    }

    /** Moves the buffers into {@code allocator}; this batch becomes empty, the returned one owns them. */
    public Batch transferTo(BufferAllocator allocator) {
        VectorSchemaRoot moved = Batches.transfer(root(), allocator);
        root.close();
        root = null;
        return new Batch(moved, eventTime);
    }

    /** Gives up ownership: the caller now closes the returned root. */
    public VectorSchemaRoot release() {
        VectorSchemaRoot released = root();
        root = null;
        return released;
    }

    /** Frees the buffers; harmless when already closed or handed on. */
    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
        }
    }

    @Override
    public String toString() {
        return root == null ? "Batch(closed)" : "Batch(" + root.getRowCount() + " rows)";
    }
}
