package io.sabot.actors.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;

class RecyclingAllocationManagerTest {

    private static RootAllocator root(RecyclingAllocationManager.Pool pool) {
        return new RootAllocator(RootAllocator.configBuilder().allocationManagerFactory(pool).build());
    }

    @Test
    void aFreedBlockIsReusedForTheNextBufferOfItsSizeClass() {
        RecyclingAllocationManager.Pool pool = new RecyclingAllocationManager.Pool(64 << 20);
        try (RootAllocator root = root(pool)) {
            long first;
            try (ArrowBuf buffer = root.buffer(300_000)) {
                first = buffer.memoryAddress();
            }
            try (ArrowBuf again = root.buffer(400_000)) {
                assertEquals(first, again.memoryAddress(), "same class: the same memory");
            }
            try (ArrowBuf other = root.buffer(4_000_000)) {
                assertNotEquals(first, other.memoryAddress(), "another class: other memory");
            }
        } finally {
            pool.clear();
        }
    }

    @Test
    void vectorsWorkOnRecycledMemoryAndZeroingStillHappens() {
        RecyclingAllocationManager.Pool pool = new RecyclingAllocationManager.Pool(64 << 20);
        try (RootAllocator root = root(pool)) {
            for (int round = 0; round < 3; round++) {
                try (Float8Vector vector = new Float8Vector("x", root)) {
                    vector.allocateNew(65_536);
                    for (int i = 0; i < 65_536; i++) {
                        assertTrue(vector.isNull(i), "a fresh vector has no values, even on reused memory");
                    }
                    for (int i = 0; i < 65_536; i++) {
                        vector.set(i, i * 0.5);
                    }
                    vector.setValueCount(65_536);
                    assertEquals(32767.5, vector.get(65_535));
                }
            }
        } finally {
            pool.clear();
        }
    }

    @Test
    void theCacheStaysUnderItsLimitAndLeaksAreStillReported() {
        RecyclingAllocationManager.Pool pool = new RecyclingAllocationManager.Pool(1 << 20);
        RootAllocator root = root(pool);
        ArrowBuf[] buffers = new ArrowBuf[8];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = root.buffer(1 << 19);
        }
        for (ArrowBuf buffer : buffers) {
            buffer.close();
        }
        assertEquals(1 << 20, pool.cachedBytes(), "only 1 MiB of the 4 MiB freed is kept");
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = root.buffer(1 << 19);
        }
        assertEquals(0, pool.cachedBytes(), "the kept blocks were handed out again");
        for (int i = 1; i < buffers.length; i++) {
            buffers[i].close();
        }
        IllegalStateException leak = assertThrows(IllegalStateException.class, root::close, "buffers[0] is still open");
        assertTrue(leak.getMessage().contains("Memory was leaked"), leak.getMessage());
        pool.clear(); // buffers[0] stays leaked: its allocator is closed now, as after a real leak
    }
}
