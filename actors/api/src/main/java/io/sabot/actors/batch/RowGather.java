package io.sabot.actors.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Copies selected rows of a batch into a new batch (how a keyed exchange splits a batch per
 * receiving subtask). Fixed- and variable-width columns are copied with raw memory moves; other
 * vector types fall back to Arrow's per-value copy.
 */
public final class RowGather {

    private RowGather() {}

    /** A new batch in {@code allocator} holding rows {@code rows[0..count)} of {@code source}, in that order. */
    public static VectorSchemaRoot gather(VectorSchemaRoot source, int[] rows, int count, BufferAllocator allocator) {
        List<FieldVector> out = new ArrayList<>(source.getFieldVectors().size());
        try {
            for (FieldVector vector : source.getFieldVectors()) {
                FieldVector target = vector.getField().createVector(allocator);
                out.add(target);
                gatherColumn(vector, target, rows, count);
            }
        } catch (RuntimeException e) {
            out.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(source.getSchema().getFields(), out, count);
    }

    private static void gatherColumn(FieldVector source, FieldVector target, int[] rows, int count) {
        if (source instanceof BaseFixedWidthVector fixed && !(source instanceof BitVector)) {
            gatherFixedWidth(fixed, (BaseFixedWidthVector) target, rows, count);
        } else if (source instanceof BaseVariableWidthVector variable) {
            gatherVariableWidth(variable, (BaseVariableWidthVector) target, rows, count);
        } else {
            target.setInitialCapacity(count);
            target.allocateNew();
            for (int i = 0; i < count; i++) {
                target.copyFromSafe(rows[i], i, source);
            }
            target.setValueCount(count);
        }
    }

    private static void gatherFixedWidth(BaseFixedWidthVector source, BaseFixedWidthVector target, int[] rows, int count) {
        Batches.allocateUnzeroed(target, count); // every value and validity bit is written below
        int width = source.getTypeWidth();
        long from = source.getDataBufferAddress();
        long to = target.getDataBufferAddress();
        if (width == 8) {
            for (int i = 0; i < count; i++) {
                MemoryUtil.putLong(to + 8L * i, MemoryUtil.getLong(from + 8L * rows[i]));
            }
        } else if (width == 4) {
            for (int i = 0; i < count; i++) {
                MemoryUtil.putInt(to + 4L * i, MemoryUtil.getInt(from + 4L * rows[i]));
            }
        } else {
            for (int i = 0; i < count; i++) {
                MemoryUtil.copyMemory(from + (long) width * rows[i], to + (long) width * i, width);
            }
        }
        gatherValidity(source, target, rows, count);
        target.setValueCount(count);
    }

    private static void gatherVariableWidth(BaseVariableWidthVector source, BaseVariableWidthVector target,
                                            int[] rows, int count) {
        long offsets = source.getOffsetBufferAddress();
        long totalBytes = 0;
        for (int i = 0; i < count; i++) {
            long at = offsets + 4L * rows[i];
            totalBytes += MemoryUtil.getInt(at + 4) - MemoryUtil.getInt(at);
        }
        target.allocateNew(Math.max(totalBytes, 1), count);
        long from = source.getDataBufferAddress();
        long to = target.getDataBufferAddress();
        long targetOffsets = target.getOffsetBufferAddress();
        int position = 0;
        MemoryUtil.putInt(targetOffsets, 0);
        for (int i = 0; i < count; i++) {
            long at = offsets + 4L * rows[i];
            int start = MemoryUtil.getInt(at);
            int length = MemoryUtil.getInt(at + 4) - start;
            MemoryUtil.copyMemory(from + start, to + position, length);
            position += length;
            MemoryUtil.putInt(targetOffsets + 4L * (i + 1), position);
        }
        gatherValidity(source, target, rows, count);
        target.setLastSet(count - 1); // offsets are written; keep setValueCount from "filling holes"
        target.setValueCount(count);
    }

    private static void gatherValidity(FieldVector source, FieldVector target, int[] rows, int count) {
        if (source.getNullCount() == 0) {
            setAllValid(target, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            BitVectorHelper.setValidityBit(target.getValidityBuffer(), i, source.isNull(rows[i]) ? 0 : 1);
        }
    }

    /** Marks rows 0..count) valid. */
    public static void setAllValid(FieldVector vector, int count) {
        var validity = vector.getValidityBuffer();
        int fullBytes = count >>> 3;
        validity.setOne(0L, (long) fullBytes);
        for (int i = fullBytes << 3; i < count; i++) {
            BitVectorHelper.setBit(validity, i);
        }
    }
}
