package io.sabot.actors.joins;

import io.sabot.actors.stream.EventTime;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The output rows of a join collected while timers fire, until they are emitted as one batch: for
 * each, a copy of its left row's encoding, of its right row's (if one matched) and the right row's
 * timestamp. Copies, because the rows' buffers change as soon as the rows are emitted. A batch's
 * columns are the left codec's, then the right timestamp (if asked for), then the right codec's.
 */
final class JoinedRows {

    private final Schema schema;
    private final RowCodec left;
    private final RowCodec right;
    private final boolean rightTimestamp;
    private byte[] bytes = new byte[1024];
    private int byteCount;
    private int[] leftStarts = new int[64];
    private int[] rightStarts = new int[64]; // -1: no right row
    private long[] rightTimestamps = new long[64];
    private long[] timestamps = new long[64];
    private int rows;

    JoinedRows(Schema schema, RowCodec left, RowCodec right, boolean rightTimestamp) {
        this.schema = schema;
        this.left = left;
        this.right = right;
        this.rightTimestamp = rightTimestamp;
    }

    int rows() {
        return rows;
    }

    /** Adds left row {@code leftRow} of {@code lefts} joined with right row {@code rightRow} of {@code rights} (-1: none). */
    void add(RowBuffer lefts, int leftRow, RowBuffer rights, int rightRow) {
        if (rows == timestamps.length) {
            int capacity = rows * 2;
            leftStarts = Arrays.copyOf(leftStarts, capacity);
            rightStarts = Arrays.copyOf(rightStarts, capacity);
            rightTimestamps = Arrays.copyOf(rightTimestamps, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
        }
        timestamps[rows] = lefts.timestamps[leftRow];
        leftStarts[rows] = copy(lefts, leftRow);
        if (rightRow >= 0) {
            rightStarts[rows] = copy(rights, rightRow);
            rightTimestamps[rows] = rights.timestamps[rightRow];
        } else {
            rightStarts[rows] = -1;
        }
        rows++;
    }

    private int copy(RowBuffer from, int row) {
        int start = from.start(row);
        int length = from.ends[row] - start;
        if (byteCount + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(byteCount + length, bytes.length * 2));
        }
        System.arraycopy(from.bytes, start, bytes, byteCount, length);
        int at = byteCount;
        byteCount += length;
        return at;
    }

    /** The collected rows as a batch in {@code allocator} (the caller owns it), with their event time; then forgets them. */
    Emitted take(BufferAllocator allocator, long watermarkBefore) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        try {
            List<FieldVector> vectors = batch.getFieldVectors();
            for (FieldVector vector : vectors) {
                if (vector instanceof BaseVariableWidthVector variable) {
                    variable.allocateNew(Math.max(1, byteCount), rows); // grows if a column needs more
                } else if (vector instanceof BaseFixedWidthVector fixed) {
                    fixed.allocateNew(rows); // validity bits clear: nulls unless written
                } else {
                    vector.setInitialCapacity(rows);
                    vector.allocateNew();
                }
            }
            FieldVector[] out = vectors.toArray(FieldVector[]::new);
            int leftColumns = left.columnCount();
            int rightFirst = leftColumns + (rightTimestamp ? 1 : 0);
            BigIntVector rightTs = rightTimestamp ? (BigIntVector) out[leftColumns] : null;
            for (int row = 0; row < rows; row++) {
                left.decode(bytes, leftStarts[row], out, 0, row);
                if (rightStarts[row] >= 0) {
                    right.decode(bytes, rightStarts[row], out, rightFirst, row);
                    if (rightTs != null) {
                        rightTs.set(row, rightTimestamps[row]);
                    }
                }
            }
            for (FieldVector vector : vectors) {
                vector.setValueCount(rows);
            }
            batch.setRowCount(rows);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        long[] watermarks = new long[rows];
        Arrays.fill(watermarks, watermarkBefore);
        Emitted emitted = new Emitted(batch, new EventTime(Arrays.copyOf(timestamps, rows), watermarks));
        clear();
        return emitted;
    }

    void clear() {
        rows = 0;
        byteCount = 0;
    }

    /** A batch of joined rows and its event time: each row's left timestamp, and the watermark forwarded before it. */
    record Emitted(VectorSchemaRoot batch, EventTime eventTime) {}
}
