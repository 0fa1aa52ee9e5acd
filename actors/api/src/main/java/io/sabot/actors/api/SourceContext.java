package io.sabot.actors.api;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What a source reader is created with: its subtask, where to start (rows already emitted by an
 * earlier run) and the allocator its batches come from.
 */
public record SourceContext(int subtaskIndex, int parallelism, long startOffset, BufferAllocator allocator) {}
