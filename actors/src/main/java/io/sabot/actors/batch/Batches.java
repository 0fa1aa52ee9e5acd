package io.sabot.actors.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/** Zero-copy moves of Arrow data between owners. */
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

    /** Moves one vector's buffers into a new vector owned by {@code allocator}. */
    public static FieldVector transfer(FieldVector vector, BufferAllocator allocator) {
        TransferPair pair = vector.getTransferPair(allocator);
        pair.transfer();
        return (FieldVector) pair.getTo();
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
