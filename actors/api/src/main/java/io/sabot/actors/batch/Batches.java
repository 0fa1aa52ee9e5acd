package io.sabot.actors.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/** Zero-copy moves of Arrow data between owners, and allocation for writers that fill whole columns. */
public final class Batches {

    private Batches() {}

    /**
     * Moves every vector of {@code root} into new vectors owned by {@code allocator}. The source
     * vectors are left empty (closing {@code root} afterwards frees nothing). No data is copied.
     */
    public static VectorSchemaRoot transfer(VectorSchemaRoot root, BufferAllocator allocator) {
        List<FieldVector> moved = new ArrayList<>(root.getFieldVectors().size());
        for (FieldVector vector : root.getFieldVectors()) {
            moved.add(transfer(vector, allocator));
        }
        return new VectorSchemaRoot(root.getSchema().getFields(), moved, root.getRowCount());
    }

    /**
     * New vectors over the same buffers as {@code root}'s (reference-counted, accounted to
     * {@code allocator} too); {@code root} stays as it is. No data is copied: neither side may
     * change the buffers afterwards.
     */
    public static VectorSchemaRoot share(VectorSchemaRoot root, BufferAllocator allocator) {
        List<FieldVector> shared = new ArrayList<>(root.getFieldVectors().size());
        try {
            for (FieldVector vector : root.getFieldVectors()) {
                TransferPair pair = vector.getTransferPair(allocator);
                pair.splitAndTransfer(0, root.getRowCount());
                shared.add((FieldVector) pair.getTo());
            }
        } catch (RuntimeException e) {
            shared.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(root.getSchema().getFields(), shared, root.getRowCount());
    }

    /** Moves one vector's buffers into a new vector owned by {@code allocator}. */
    public static FieldVector transfer(FieldVector vector, BufferAllocator allocator) {
        TransferPair pair = vector.getTransferPair(allocator);
        pair.transfer();
        return (FieldVector) pair.getTo();
    }

    /**
     * Gives {@code vector} buffers for {@code rows} values and their validity bits, left as the
     * allocator returns them. Arrow's {@code allocateNew} zeroes both first: a memset of the whole
     * column, wasted when the writer sets every value next. The caller writes every value, sets every
     * row's validity bit (e.g. {@link RowGather#setAllValid}) and the value count.
     */
    public static void allocateUnzeroed(BaseFixedWidthVector vector, int rows) {
        if (vector.getTypeWidth() < 1) {
            throw new IllegalArgumentException(vector.getField() + " does not take whole bytes per value");
        }
        BufferAllocator allocator = vector.getAllocator();
        try (ArrowBuf validity = allocator.buffer(BitVectorHelper.getValidityBufferSizeFromCount(rows));
             ArrowBuf values = allocator.buffer((long) rows * vector.getTypeWidth())) {
            vector.loadFieldBuffers(new ArrowFieldNode(rows, 0), List.of(validity, values)); // takes its own references
        }
    }

    /**
     * A new batch made of all columns of {@code input} (moved, not copied) followed by
     * {@code extra}. Takes ownership of {@code extra}; {@code input} is left empty.
     */
    public static VectorSchemaRoot appendColumns(VectorSchemaRoot input, List<? extends FieldVector> extra) {
        List<Field> fields = new ArrayList<>(input.getSchema().getFields());
        List<FieldVector> vectors = new ArrayList<>(fields.size() + extra.size());
        for (FieldVector vector : input.getFieldVectors()) {
            vectors.add(transfer(vector, vector.getAllocator()));
        }
        for (FieldVector vector : extra) {
            if (vector.getValueCount() != input.getRowCount()) {
                throw new IllegalArgumentException("column '" + vector.getName() + "' has "
                        + vector.getValueCount() + " values, the batch has " + input.getRowCount() + " rows");
            }
            fields.add(vector.getField());
            vectors.add(vector);
        }
        return new VectorSchemaRoot(fields, vectors, input.getRowCount());
    }
}
