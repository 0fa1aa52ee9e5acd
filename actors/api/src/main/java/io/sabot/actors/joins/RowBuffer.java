package io.sabot.actors.joins;

import io.sabot.state.serialization.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Rows of one key kept by a join, in primitive arrays: row {@code i} has event timestamp
 * {@code timestamps[i]} and its encoding ({@link RowCodec}) in {@code bytes[start(i) … ends[i])}.
 * It is the value of a keyed {@code ValueState}, so the state backend snapshots and restores it
 * ({@link Serializer}); read it, change it and write it back with {@code update}.
 *
 * <p>Rows stay in the order they were added unless {@link #sortLastRow} moves the last one: a buffer
 * kept sorted that way is ordered by timestamp, then arrival (of equal timestamps the later arrival
 * comes later). {@link #earliest} is the smallest timestamp held ({@code Long.MAX_VALUE} when empty).
 */
final class RowBuffer {

    long[] timestamps;
    int[] ends;
    byte[] bytes;
    int rows;
    int byteCount;
    private long earliest = Long.MAX_VALUE;

    RowBuffer() {
        this(4, 64);
    }

    private RowBuffer(int rowCapacity, int byteCapacity) {
        this.timestamps = new long[rowCapacity];
        this.ends = new int[rowCapacity];
        this.bytes = new byte[byteCapacity];
    }

    int start(int row) {
        return row == 0 ? 0 : ends[row - 1];
    }

    long earliest() {
        return earliest;
    }

    /** The byte array, grown (contents kept) to hold at least {@code needed} bytes. */
    byte[] capacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
        return bytes;
    }

    /** Ends the row whose bytes were written from the last row's end to {@link #byteCount}. */
    void endRow(long timestamp) {
        if (rows == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, rows * 2);
            ends = Arrays.copyOf(ends, rows * 2);
        }
        timestamps[rows] = timestamp;
        ends[rows] = byteCount;
        rows++;
        earliest = Math.min(earliest, timestamp);
    }

    /**
     * Moves the last row before the rows with a later timestamp (after those with an equal one), so
     * that a buffer sorted by timestamp, then arrival, stays so. Rows mostly come in time order:
     * the search goes backwards and usually stops at once.
     */
    void sortLastRow() {
        int last = rows - 1;
        long ts = timestamps[last];
        int to = last;
        while (to > 0 && timestamps[to - 1] > ts) {
            to--;
        }
        if (to == last) {
            return;
        }
        int from = start(to);
        int lastStart = start(last);
        int length = byteCount - lastStart;
        byte[] moved = Arrays.copyOfRange(bytes, lastStart, byteCount);
        System.arraycopy(bytes, from, bytes, from + length, lastStart - from);
        System.arraycopy(moved, 0, bytes, from, length);
        for (int i = last; i > to; i--) {
            timestamps[i] = timestamps[i - 1];
            ends[i] = ends[i - 1] + length;
        }
        timestamps[to] = ts;
        ends[to] = from + length;
    }

    /** In a sorted buffer: the last row with a timestamp at or before {@code ts} (the latest arrival of ties), or -1. */
    int lastAtOrBefore(long ts) {
        return lastAtOrBefore(ts, -1);
    }

    /**
     * {@link #lastAtOrBefore(long)} for a {@code ts} whose answer is known to be at or after row
     * {@code from} (-1: anywhere): searched galloping forward from there, so that looking up times in
     * increasing order, whose answers lie near the start of the buffer, reads few cache lines.
     */
    int lastAtOrBefore(long ts, int from) {
        int probe = from + 1;
        int step = 1;
        while (probe < rows && timestamps[probe] <= ts) { // the answer is at least probe
            from = probe;
            probe += step;
            step <<= 1;
        }
        int low = from + 1;
        int high = Math.min(rows, probe); // the first row after ts is in [low, high]
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (timestamps[mid] <= ts) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low - 1;
    }

    /**
     * In a sorted buffer: drops the rows before the last one at or before {@code watermark}, which no
     * left row later than the watermark can match any more. Returns how many were dropped.
     */
    int dropSupersededBy(long watermark) {
        int keep = lastAtOrBefore(watermark);
        if (keep <= 0) {
            return 0;
        }
        int from = start(keep);
        System.arraycopy(bytes, from, bytes, 0, byteCount - from);
        System.arraycopy(timestamps, keep, timestamps, 0, rows - keep);
        for (int i = keep; i < rows; i++) {
            ends[i - keep] = ends[i] - from;
        }
        rows -= keep;
        byteCount -= from;
        earliest = rows == 0 ? Long.MAX_VALUE : timestamps[0];
        return keep;
    }

    /**
     * Writes into {@code into} (grown if needed; the array used is returned) the rows with a
     * timestamp at or before {@code watermark}, in timestamp order, then arrival; their number is
     * {@code selected[0]}.
     */
    int[] selectUpTo(long watermark, int[] into, int[] selected) {
        int count = 0;
        for (int i = 0; i < rows; i++) {
            if (timestamps[i] <= watermark) {
                if (count == into.length) {
                    into = Arrays.copyOf(into, Math.max(16, count * 2));
                }
                into[count++] = i;
            }
        }
        // insertion sort by timestamp, stable: rows mostly arrive in time order, so it is nearly linear
        for (int i = 1; i < count; i++) {
            int row = into[i];
            long ts = timestamps[row];
            int j = i;
            while (j > 0 && timestamps[into[j - 1]] > ts) {
                into[j] = into[j - 1];
                j--;
            }
            into[j] = row;
        }
        selected[0] = count;
        return into;
    }

    /** Removes the rows with a timestamp at or before {@code watermark}; the others keep their order. */
    int removeUpTo(long watermark) {
        int kept = 0;
        int keptBytes = 0;
        long first = Long.MAX_VALUE;
        for (int i = 0; i < rows; i++) {
            long ts = timestamps[i];
            if (ts <= watermark) {
                continue;
            }
            int from = start(i);
            int length = ends[i] - from;
            if (from != keptBytes) {
                System.arraycopy(bytes, from, bytes, keptBytes, length);
            }
            keptBytes += length;
            timestamps[kept] = ts;
            ends[kept] = keptBytes;
            kept++;
            first = Math.min(first, ts);
        }
        int removed = rows - kept;
        rows = kept;
        byteCount = keptBytes;
        earliest = first;
        return removed;
    }

    /** The state's serializer: the rows' timestamps, ends and bytes, nothing of the spare capacity. */
    static final class Serializer implements TypeSerializer<RowBuffer> {

        static final Serializer INSTANCE = new Serializer();

        @Override
        public String id() {
            return "join-rows-v1";
        }

        @Override
        public void serialize(RowBuffer value, DataOutput out) throws IOException {
            out.writeInt(value.rows);
            out.writeInt(value.byteCount);
            for (int i = 0; i < value.rows; i++) {
                out.writeLong(value.timestamps[i]);
            }
            for (int i = 0; i < value.rows; i++) {
                out.writeInt(value.ends[i]);
            }
            out.write(value.bytes, 0, value.byteCount);
        }

        @Override
        public RowBuffer deserialize(DataInput in) throws IOException {
            int rows = in.readInt();
            int byteCount = in.readInt();
            RowBuffer value = new RowBuffer(Math.max(rows, 4), Math.max(byteCount, 64));
            for (int i = 0; i < rows; i++) {
                value.timestamps[i] = in.readLong();
                value.earliest = Math.min(value.earliest, value.timestamps[i]);
            }
            for (int i = 0; i < rows; i++) {
                value.ends[i] = in.readInt();
            }
            in.readFully(value.bytes, 0, byteCount);
            value.rows = rows;
            value.byteCount = byteCount;
            return value;
        }

        @Override
        public RowBuffer copy(RowBuffer value) {
            RowBuffer copy = new RowBuffer(Math.max(value.rows, 4), Math.max(value.byteCount, 64));
            System.arraycopy(value.timestamps, 0, copy.timestamps, 0, value.rows);
            System.arraycopy(value.ends, 0, copy.ends, 0, value.rows);
            System.arraycopy(value.bytes, 0, copy.bytes, 0, value.byteCount);
            copy.rows = value.rows;
            copy.byteCount = value.byteCount;
            copy.earliest = value.earliest;
            return copy;
        }
    }
}
