package io.sabot.actors.stream;

import io.sabot.actors.batch.Batches;
import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.batch.RowGather;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A data batch: an Arrow {@link VectorSchemaRoot}, the dictionaries of its dictionary-encoded
 * columns if it has any, and its rows' event time if the stream has one, with exactly one owner at
 * a time.
 *
 * <p>Ownership rules. Whoever holds a Batch must either hand it on or {@link #close()} it. Handing
 * a batch to another subtask moves it: the sender {@linkplain #transferTo transfers} its buffers
 * and must not touch it afterwards; the receiver transfers them into its own allocator on arrival.
 * Transfers move buffer accounting between allocators of one root without copying data. Within a
 * JVM batches travel by reference; between nodes as Arrow IPC bytes.
 */
public final class Batch implements StreamElement, AutoCloseable {

    private VectorSchemaRoot root;
    private MapDictionaryProvider dictionaries; // null: no dictionary-encoded columns
    private final EventTime eventTime;          // null: the rows carry no event time
    private long origin;                        // System.nanoTime() when its rows left their source; 0: unknown

    private Batch(VectorSchemaRoot root, MapDictionaryProvider dictionaries, EventTime eventTime) {
        this.root = Objects.requireNonNull(root, "root");
        if (eventTime != null && eventTime.rows() != root.getRowCount()) {
            throw new IllegalArgumentException("event time for " + eventTime.rows() + " rows on a batch of "
                    + root.getRowCount());
        }
        this.dictionaries = dictionaries;
        this.eventTime = eventTime;
    }

    /** Takes ownership of {@code root}. */
    public static Batch of(VectorSchemaRoot root) {
        return new Batch(root, null, null);
    }

    /** Takes ownership of {@code root}, whose rows have the given event time (may be null). */
    public static Batch of(VectorSchemaRoot root, EventTime eventTime) {
        return new Batch(root, null, eventTime);
    }

    /** Takes ownership of {@code root} and of the dictionaries of its dictionary-encoded columns (may be null). */
    public static Batch of(VectorSchemaRoot root, MapDictionaryProvider dictionaries) {
        return new Batch(root, dictionaries, null);
    }

    /** Takes ownership of {@code root} and its dictionaries (may be null); its rows have the given event time (may be null). */
    public static Batch of(VectorSchemaRoot root, MapDictionaryProvider dictionaries, EventTime eventTime) {
        return new Batch(root, dictionaries, eventTime);
    }

    /** The data, still owned by this batch. */
    public VectorSchemaRoot root() {
        if (root == null) {
            throw new IllegalStateException("this batch was closed or handed on");
        }
        return root;
    }

    /** The dictionaries of the dictionary-encoded columns, still owned by this batch; null if it has none. */
    public MapDictionaryProvider dictionaries() {
        return dictionaries;
    }

    /** Gives up the dictionaries (the caller now closes them); null if there are none. */
    public MapDictionaryProvider takeDictionaries() {
        MapDictionaryProvider taken = dictionaries;
        dictionaries = null;
        return taken;
    }

    /** The rows' timestamps and watermarks, or null when the stream has no event time. */
    public EventTime eventTime() {
        return eventTime;
    }

    /** Hands this batch's data over to a batch whose rows have {@code eventTime}; this one becomes empty. */
    public Batch withEventTime(EventTime eventTime) {
        Batch timed = new Batch(root(), dictionaries, eventTime).withOrigin(origin);
        root = null;
        dictionaries = null;
        return timed;
    }

    /**
     * When the rows of this batch left their source ({@code System.nanoTime()} of that JVM; 0:
     * unknown): what a sink measures the pipeline's latency from. Batches made from a batch keep it.
     */
    public long origin() {
        return origin;
    }

    /** Sets {@link #origin()}; returns this batch. */
    public Batch withOrigin(long origin) {
        this.origin = origin;
        return this;
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
        MapDictionaryProvider movedDictionaries = dictionaries == null ? null : Dictionaries.transfer(dictionaries, allocator);
        close();
        return new Batch(moved, movedDictionaries, eventTime).withOrigin(origin);
    }

    /**
     * This batch's rows without a copy: a batch over the same buffers (reference-counted) in
     * {@code allocator}, with the same dictionaries and event time; this batch stays as it is. For
     * keeping what was sent (batches are never changed once made).
     */
    public Batch share(BufferAllocator allocator) {
        VectorSchemaRoot shared = Batches.share(root(), allocator);
        try {
            return new Batch(shared, dictionaries == null ? null : Dictionaries.share(dictionaries, allocator), eventTime)
                    .withOrigin(origin);
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    /**
     * A copy of this batch's rows in {@code allocator}, sharing its dictionaries (reference-counted)
     * and its event time (whose arrays are never changed once made); this batch stays as it is.
     */
    public Batch copy(BufferAllocator allocator) {
        return copyRows(0, rowCount(), allocator);
    }

    /**
     * A copy of rows {@code from} to {@code from + count - 1} in {@code allocator}, sharing the
     * dictionaries (reference-counted); this batch stays as it is.
     */
    public Batch copyRows(int from, int count, BufferAllocator allocator) {
        if (from < 0 || count < 0 || from + count > rowCount()) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + (from + count) + " of a batch of " + rowCount());
        }
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = from + i;
        }
        VectorSchemaRoot copied = RowGather.gather(root(), rows, count, allocator);
        try {
            boolean all = from == 0 && count == rowCount();
            return new Batch(copied, dictionaries == null ? null : Dictionaries.share(dictionaries, allocator),
                    eventTime == null || all ? eventTime : eventTime.gather(rows, count)).withOrigin(origin);
        } catch (RuntimeException e) {
            copied.close();
            throw e;
        }
    }

    /**
     * At least the bytes this batch takes as an Arrow IPC stream (schema, dictionaries, record
     * batch, each buffer padded to 8 bytes, metadata generously counted) plus its event time: what
     * decides whether it fits one message to another node.
     */
    public long wireBytes() {
        long bytes = 4096 + (eventTime == null ? 0 : 16L * eventTime.rows());
        for (FieldVector vector : root().getFieldVectors()) {
            bytes += wireBytes(vector);
        }
        if (dictionaries != null) {
            for (long id : dictionaries.getDictionaryIds()) {
                bytes += 1024 + wireBytes(dictionaries.lookup(id).getVector());
            }
        }
        return bytes;
    }

    private static long wireBytes(FieldVector vector) {
        long bytes = 512; // its field in the schema and its node and buffer entries in the batch's metadata
        for (ArrowBuf buffer : vector.getFieldBuffers()) {
            bytes += (buffer.readableBytes() + 7) & ~7L;
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            bytes += wireBytes(child);
        }
        return bytes;
    }

    /** Frees the buffers; harmless when already closed or handed on. */
    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
        }
        if (dictionaries != null) {
            dictionaries.close();
            dictionaries = null;
        }
    }

    @Override
    public String toString() {
        return root == null ? "Batch(closed)" : "Batch(" + root.getRowCount() + " rows)";
    }
}
