package io.sabot.actors.runtime;

import io.sabot.actors.stream.Batch;
import org.apache.arrow.memory.BufferAllocator;

/** Splits an outgoing batch over the channels of one output edge. */
interface Partitioner {

    /** Receives one part of a batch for channel {@code channel} (relative to the edge); takes ownership. */
    @FunctionalInterface
    interface PartSink {
        void accept(int channel, Batch part);
    }

    /**
     * Takes ownership of {@code batch} and hands every row to exactly one channel, row order kept;
     * each row keeps its event time, and every part carries the batch's dictionaries.
     */
    void partition(Batch batch, BufferAllocator allocator, PartSink sink);

    /** The whole batch to one channel: subtask i to subtask i. */
    static Partitioner forward() {
        return (batch, allocator, sink) -> sink.accept(0, batch);
    }

    /** Whole batches round-robin over {@code channels}. */
    static Partitioner rebalance(int channels) {
        int[] next = {0};
        return (batch, allocator, sink) -> {
            sink.accept(next[0], batch);
            next[0] = (next[0] + 1) % channels;
        };
    }

    /** Every batch to all {@code channels}: a copy to each but the last, which gets the batch itself. */
    static Partitioner broadcast(int channels) {
        return (batch, allocator, sink) -> {
            try {
                for (int channel = 0; channel < channels - 1; channel++) {
                    sink.accept(channel, batch.copy(allocator));
                }
            } catch (RuntimeException | Error e) {
                batch.close(); // the copies handed on are the sink's
                throw e;
            }
            sink.accept(channels - 1, batch);
        };
    }
}
