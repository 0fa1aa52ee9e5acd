package io.sabot.actors.api;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What a source reader is created with: its subtask, where to start, and the allocator its batches
 * come from. A reader restored from a checkpoint starts after the {@code startOffset} rows its
 * earlier run had emitted: from {@code startPosition} (what {@link SourceReader#position()}
 * returned then) when it has one, else by skipping that many rows.
 *
 * @param startPosition the restored reader position, or null (a fresh start, or a reader that keeps none)
 */
public record SourceContext(int subtaskIndex, int parallelism, long startOffset, byte[] startPosition,
                            BufferAllocator allocator) {

    /** A context without a restored position: start after {@code startOffset} rows. */
    public SourceContext(int subtaskIndex, int parallelism, long startOffset, BufferAllocator allocator) {
        this(subtaskIndex, parallelism, startOffset, null, allocator);
    }
}
