package io.sabot.persistence.snapshot;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.testkit.javadsl.TestKit;

/** Talks to the configured snapshot store with Pekko's snapshot protocol, as a persistent actor does. */
final class SnapshotClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem system;
    private final ActorRef store;

    SnapshotClient(ActorSystem system) {
        this.system = system;
        this.store = Persistence.get(system).snapshotStoreFor("sabot.persistence.snapshot-store", ConfigFactory.empty());
    }

    /** Saves and returns the reply (SaveSnapshotSuccess with the stored metadata, or SaveSnapshotFailure). */
    Object save(SnapshotMetadata metadata, Object snapshot) {
        return ask(new SnapshotProtocol.SaveSnapshot(metadata, snapshot));
    }

    SnapshotMetadata saved(String persistenceId, long sequenceNr, Object snapshot) {
        return ((SaveSnapshotSuccess) save(SnapshotMetadata.apply(persistenceId, sequenceNr), snapshot)).metadata();
    }

    /** LoadSnapshotResult or LoadSnapshotFailed. */
    Object load(String persistenceId, SnapshotSelectionCriteria criteria, long toSequenceNr) {
        return ask(new SnapshotProtocol.LoadSnapshot(persistenceId, criteria, toSequenceNr));
    }

    /** The snapshot selected, or null if none. */
    SelectedSnapshot selected(String persistenceId, SnapshotSelectionCriteria criteria) {
        SnapshotProtocol.LoadSnapshotResult result = (SnapshotProtocol.LoadSnapshotResult) load(persistenceId, criteria,
                Long.MAX_VALUE);
        return result.snapshot().isDefined() ? result.snapshot().get() : null;
    }

    SelectedSnapshot latest(String persistenceId) {
        return selected(persistenceId, SnapshotSelectionCriteria.latest());
    }

    Object delete(SnapshotMetadata metadata) {
        return ask(new SnapshotProtocol.DeleteSnapshot(metadata));
    }

    Object delete(String persistenceId, SnapshotSelectionCriteria criteria) {
        return ask(new SnapshotProtocol.DeleteSnapshots(persistenceId, criteria));
    }

    /** Sends every request at once (the store runs them side by side), then waits for every reply. */
    List<Object> askAll(List<Object> requests) {
        List<TestKit> probes = new ArrayList<>();
        for (Object request : requests) {
            TestKit probe = new TestKit(system);
            store.tell(request, probe.getRef());
            probes.add(probe);
        }
        return probes.stream().map(probe -> (Object) probe.expectMsgClass(TIMEOUT, Object.class)).toList();
    }

    private Object ask(Object request) {
        TestKit probe = new TestKit(system);
        store.tell(request, probe.getRef());
        return probe.expectMsgClass(TIMEOUT, Object.class);
    }
}
