package io.sabot.actors.runtime;

import io.sabot.actors.batch.Dictionaries;
import io.sabot.actors.batch.RowGather;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EventTime;
import io.sabot.state.keys.KeyColumn;
import io.sabot.state.keygroups.KeyGroupRangeAssignment;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Routes every row to the subtask that owns its key group (Flink's keyBy). A batch whose rows all
 * go to one subtask (common right after another keyBy on the same key) moves without copying;
 * otherwise it is split, keeping row order within each part.
 */
final class KeyGroupPartitioner implements Partitioner {

    private final KeyColumn key;
    private final int maxParallelism;
    private final int parallelism;
    private int[] hashes = new int[0];
    private int[] targets = new int[0];
    private final int[][] rowsPerTarget;
    private final int[] counts;

    KeyGroupPartitioner(KeyColumn key, int maxParallelism, int parallelism) {
        KeyGroupRangeAssignment.checkParallelismPreconditions(maxParallelism, parallelism);
        this.key = key;
        this.maxParallelism = maxParallelism;
        this.parallelism = parallelism;
        this.rowsPerTarget = new int[parallelism][0];
        this.counts = new int[parallelism];
    }

    @Override
    public void partition(Batch whole, BufferAllocator allocator, PartSink sink) {
        VectorSchemaRoot batch = whole.root();
        int rows = batch.getRowCount();
        if (rows == 0) {
            whole.close();
            return;
        }
        ensureCapacity(rows);
        try {
            key.hashCodes(batch, whole.dictionaries(), hashes);
        } catch (RuntimeException e) {
            whole.close();
            throw e;
        }
        boolean single = true;
        for (int row = 0; row < rows; row++) {
            int keyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hashes[row], maxParallelism);
            targets[row] = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism, parallelism, keyGroup);
            single &= targets[row] == targets[0];
        }
        if (single) {
            sink.accept(targets[0], whole);
            return;
        }
        Arrays.fill(counts, 0);
        for (int row = 0; row < rows; row++) {
            int target = targets[row];
            rowsPerTarget[target][counts[target]++] = row;
        }
        try {
            for (int target = 0; target < parallelism; target++) {
                if (counts[target] > 0) {
                    sink.accept(target, part(whole, rowsPerTarget[target], counts[target], allocator));
                }
            }
        } finally {
            whole.close();
        }
    }

    /** Rows {@code rows[0..count)} of {@code whole}, with their event time and the batch's dictionaries. */
    private static Batch part(Batch whole, int[] rows, int count, BufferAllocator allocator) {
        VectorSchemaRoot part = RowGather.gather(whole.root(), rows, count, allocator);
        EventTime eventTime = whole.eventTime() == null ? null : whole.eventTime().gather(rows, count);
        return Batch.of(part, whole.dictionaries() == null ? null : Dictionaries.share(whole.dictionaries(), allocator),
                eventTime).withOrigin(whole.origin());
    }

    private void ensureCapacity(int rows) {
        if (hashes.length >= rows) {
            return;
        }
        hashes = new int[rows];
        targets = new int[rows];
        for (int i = 0; i < parallelism; i++) {
            rowsPerTarget[i] = new int[rows];
        }
    }
}
