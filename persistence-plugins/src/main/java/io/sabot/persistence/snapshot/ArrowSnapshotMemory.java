package io.sabot.persistence.snapshot;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Arrow memory of loaded {@link ArrowTableSnapshot}s in one actor system: one root allocator,
 * one child per loaded table. It is closed when the actor system terminates, and says so in the
 * log if a loaded table was never closed.
 */
public final class ArrowSnapshotMemory implements Extension {

    private static final Logger log = LoggerFactory.getLogger(ArrowSnapshotMemory.class);

    public static final class Id extends AbstractExtensionId<ArrowSnapshotMemory> implements ExtensionIdProvider {
        @Override
        public ArrowSnapshotMemory createExtension(ExtendedActorSystem system) {
            return new ArrowSnapshotMemory(system);
        }

        @Override
        public Id lookup() {
            return ID;
        }
    }

    public static final Id ID = new Id();

    public static ArrowSnapshotMemory get(ActorSystem system) {
        return ID.get(system);
    }

    private final RootAllocator root = new RootAllocator();

    private ArrowSnapshotMemory(ExtendedActorSystem system) {
        system.registerOnTermination(this::close);
    }

    BufferAllocator newAllocator(String name) {
        return root.newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    /** Bytes held by loaded snapshot tables not closed yet. */
    public long allocatedBytes() {
        return root.getAllocatedMemory();
    }

    private void close() {
        try {
            root.close();
        } catch (IllegalStateException e) {
            log.error("loaded Arrow snapshots were not closed: {}", e.getMessage());
        }
    }
}
