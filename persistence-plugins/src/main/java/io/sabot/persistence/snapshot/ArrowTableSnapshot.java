package io.sabot.persistence.snapshot;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A snapshot whose state is an Arrow table (for example per-key state as columns). The snapshot
 * store writes it as an Arrow IPC file — readable by any Arrow tool — instead of serializing it.
 *
 * <p>Ownership moves with it, as it does for Arrow batches: whoever saves one hands the table to
 * the snapshot store, which closes it once written; a loaded one belongs to the receiver (in typed
 * persistence, the {@code SnapshotAdapter.fromJournal} that turns it into the state), which must
 * close it. A typed behavior's {@code SnapshotAdapter.toJournal} therefore returns a copy of its
 * state, never the live columns.
 */
public final class ArrowTableSnapshot implements AutoCloseable {

    private final VectorSchemaRoot table;
    private final BufferAllocator allocator; // the loaded table's own allocator; null for the caller's
    private boolean closed;

    private ArrowTableSnapshot(VectorSchemaRoot table, BufferAllocator allocator) {
        this.table = table;
        this.allocator = allocator;
    }

    /** A snapshot of {@code table}, which it now owns (dictionary-encoded columns are not supported). */
    public static ArrowTableSnapshot of(VectorSchemaRoot table) {
        return new ArrowTableSnapshot(table, null);
    }

    /** A loaded table with the allocator its buffers came from, closed with it. */
    static ArrowTableSnapshot loaded(VectorSchemaRoot table, BufferAllocator allocator) {
        return new ArrowTableSnapshot(table, allocator);
    }

    public VectorSchemaRoot table() {
        return table;
    }

    /** Frees the table's buffers (and, for a loaded table, its allocator). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        table.close();
        if (allocator != null) {
            allocator.close();
        }
    }

    @Override
    public String toString() {
        return "ArrowTableSnapshot(" + table.getRowCount() + " rows, " + table.getSchema() + ")";
    }
}
