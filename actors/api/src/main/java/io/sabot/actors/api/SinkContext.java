package io.sabot.actors.api;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** What a sink writer is created with. */
public record SinkContext(int subtaskIndex, int parallelism, Schema schema, BufferAllocator allocator) {}
