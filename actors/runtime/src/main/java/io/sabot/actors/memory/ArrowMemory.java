package io.sabot.actors.memory;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;

/**
 * The Arrow memory of one actor system: a root allocator over recycled direct memory
 * ({@link RecyclingAllocationManager}), one child per task (closed with the task), and an exchange
 * allocator that owns batches while they travel between tasks. Batches that
 * end up in dead letters (sent to a task that has stopped) are freed here, so a cancelled job
 * leaks nothing. Allocate batches you send to agents from {@link #newAllocator}.
 */
public final class ArrowMemory implements Extension {

    private final RecyclingAllocationManager.Pool pool;
    private final RootAllocator root;
    private final BufferAllocator exchange;

    private ArrowMemory(ActorSystem<?> system) {
        long limit = system.settings().config().getBytes("sabot.memory.arrow-limit");
        this.pool = new RecyclingAllocationManager.Pool(system.settings().config().getBytes("sabot.memory.recycle-limit"));
        this.root = rootAllocator(limit, pool);
        this.exchange = root.newChildAllocator("exchange", 0, Long.MAX_VALUE);
        var releaser = system.systemActorOf(DeadBatchReleaser.create(), "sabot-dead-batch-releaser", Props.empty());
        system.eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, releaser.narrow()));
        system.eventStream().tell(new EventStream.Subscribe<>(Dropped.class, releaser.narrow()));
    }

    /**
     * A root allocator over recycled memory outside of any actor system (benchmarks, tools), with at
     * most {@code limit} bytes allocated and {@code recycleLimit} bytes kept for reuse.
     */
    public static RootAllocator recyclingRoot(long limit, long recycleLimit) {
        return rootAllocator(limit, new RecyclingAllocationManager.Pool(recycleLimit));
    }

    private static RootAllocator rootAllocator(long limit, RecyclingAllocationManager.Pool pool) {
        return new RootAllocator(RootAllocator.configBuilder().maxAllocation(limit).allocationManagerFactory(pool).build());
    }

    public static ArrowMemory get(ActorSystem<?> system) {
        return Id.INSTANCE.apply(system);
    }

    /** A new allocator under the root, to be closed by its user. */
    public BufferAllocator newAllocator(String name) {
        return root.newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    public BufferAllocator exchange() {
        return exchange;
    }

    /** The most bytes ever allocated at once. */
    public long peakBytes() {
        return root.getPeakMemoryAllocation();
    }

    /**
     * Closes the exchange and root allocators once the actor system has terminated. Throws
     * {@link IllegalStateException} listing the buffers still allocated, if any: a leak.
     */
    public void close() {
        exchange.close();
        root.close();
        pool.clear();
    }

    static final class Id extends ExtensionId<ArrowMemory> {
        static final Id INSTANCE = new Id();

        @Override
        public ArrowMemory createExtension(ActorSystem<?> system) {
            return new ArrowMemory(system);
        }
    }
}
