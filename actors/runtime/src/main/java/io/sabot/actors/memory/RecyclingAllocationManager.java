package io.sabot.actors.memory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.netty.NettyAllocationManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Direct memory for Arrow buffers that is reused, not returned to the OS: freed blocks wait on a
 * free list per power-of-two size class (up to a total limit) for the next allocation of that size.
 *
 * <p>Why: a stream allocates and frees the same few buffer sizes all the time. Netty's pool frees a
 * chunk as soon as it empties, and malloc hands chunks of that size back to the OS, so every new
 * batch touched fresh pages — a page fault per 4 KiB, about a third of the CPU of a fast pipeline.
 * Reusing blocks keeps the pages mapped (Flink manages its memory segments for the same reason).
 */
final class RecyclingAllocationManager extends AllocationManager {

    /** Smallest and largest recycled block: 4 KiB … 64 MiB; larger ones are freed at once. */
    private static final int MIN_CLASS = 12;
    private static final int MAX_CLASS = 26;

    private final Pool pool;
    private final long address;
    private final long size;       // what was asked for: Arrow accounts exactly this
    private final int sizeClass;   // the block behind it, or -1 when it is not recycled

    private RecyclingAllocationManager(BufferAllocator accountingAllocator, Pool pool, long address, long size,
                                       int sizeClass) {
        super(accountingAllocator);
        this.pool = pool;
        this.address = address;
        this.size = size;
        this.sizeClass = sizeClass;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    protected long memoryAddress() {
        return address;
    }

    @Override
    protected void release0() {
        pool.release(address, sizeClass);
    }

    /** The free lists, shared by every allocator of one root. */
    static final class Pool implements AllocationManager.Factory {
        private final long limit;
        private final AtomicLong cached = new AtomicLong();
        @SuppressWarnings("unchecked")
        private final ConcurrentLinkedQueue<Long>[] free = new ConcurrentLinkedQueue[MAX_CLASS + 1];
        private final AllocationManager.Factory emptyFactory = NettyAllocationManager.FACTORY;

        Pool(long limit) {
            this.limit = limit;
            for (int c = MIN_CLASS; c <= MAX_CLASS; c++) {
                free[c] = new ConcurrentLinkedQueue<>();
            }
        }

        @Override
        public AllocationManager create(BufferAllocator accountingAllocator, long requested) {
            int sizeClass = sizeClass(requested);
            if (sizeClass < 0) {
                return new RecyclingAllocationManager(accountingAllocator, this, MemoryUtil.allocateMemory(requested),
                        requested, -1);
            }
            Long reused = free[sizeClass].poll();
            long address;
            if (reused != null) {
                cached.addAndGet(-(1L << sizeClass));
                address = reused;
            } else {
                address = MemoryUtil.allocateMemory(1L << sizeClass);
            }
            return new RecyclingAllocationManager(accountingAllocator, this, address, requested, sizeClass);
        }

        @Override
        public ArrowBuf empty() {
            return emptyFactory.empty();
        }

        void release(long address, int sizeClass) {
            if (sizeClass >= 0) {
                long block = 1L << sizeClass;
                if (cached.addAndGet(block) <= limit) {
                    free[sizeClass].add(address);
                    return;
                }
                cached.addAndGet(-block);
            }
            MemoryUtil.freeMemory(address);
        }

        /** Bytes of freed blocks kept for reuse. */
        long cachedBytes() {
            return cached.get();
        }

        /** Frees every cached block (the node is shutting down). */
        void clear() {
            for (int c = MIN_CLASS; c <= MAX_CLASS; c++) {
                Long address;
                while ((address = free[c].poll()) != null) {
                    MemoryUtil.freeMemory(address);
                    cached.addAndGet(-(1L << c));
                }
            }
        }

        /** The power-of-two class holding {@code size} bytes, or -1 when it is not recycled. */
        private static int sizeClass(long size) {
            if (size > (1L << MAX_CLASS)) {
                return -1;
            }
            int c = 64 - Long.numberOfLeadingZeros(Math.max(1, size) - 1);
            return Math.max(MIN_CLASS, c);
        }
    }
}
