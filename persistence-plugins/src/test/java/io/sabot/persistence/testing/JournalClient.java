package io.sabot.persistence.testing;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.testkit.javadsl.TestKit;
import scala.jdk.javaapi.CollectionConverters;

/** Talks to the configured journal with Pekko's journal protocol, as a persistent actor (and the TCK) does. */
public final class JournalClient {

    /** What a persistent actor hears back for one write request. */
    public record WriteResult(Object batchReply, List<Object> perEvent) {
    }

    /** The events a replay delivered and how it ended (RecoverySuccess or ReplayMessagesFailure). */
    public record Replay(List<PersistentRepr> events, Object end) {
        public long highestSequenceNr() {
            return ((JournalProtocol.RecoverySuccess) end).highestSequenceNr();
        }

        public List<Long> sequenceNrs() {
            return events.stream().map(PersistentRepr::sequenceNr).toList();
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem system;
    private final ActorRef journal;

    public JournalClient(ActorSystem system) {
        this.system = system;
        this.journal = Persistence.get(system).journalFor("sabot.persistence.journal", ConfigFactory.empty());
    }

    public static PersistentRepr event(String persistenceId, long sequenceNr, Object payload) {
        return PersistentRepr.apply(payload, sequenceNr, persistenceId, "", false, ActorRef.noSender(), "writer-1");
    }

    public static AtomicWrite atomic(PersistentRepr... events) {
        return AtomicWrite.apply(CollectionConverters.asScala(List.of(events)).toList());
    }

    /** Writes {@code count} single-event AtomicWrites with payloads "pid-n". */
    public WriteResult writeSingles(String persistenceId, long from, long to) {
        List<AtomicWrite> writes = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            writes.add(atomic(event(persistenceId, n, persistenceId + "-" + n)));
        }
        return write(writes.toArray(AtomicWrite[]::new));
    }

    public WriteResult write(AtomicWrite... writes) {
        TestKit probe = new TestKit(system);
        List<PersistentEnvelope> envelopes = List.of(writes);
        journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(envelopes).toList(), probe.getRef(), 1),
                ActorRef.noSender());
        Object batchReply = probe.expectMsgClass(TIMEOUT, Object.class);
        List<Object> perEvent = new ArrayList<>();
        int events = 0;
        for (AtomicWrite write : writes) {
            events += write.size();
        }
        for (int i = 0; i < events; i++) {
            perEvent.add(probe.expectMsgClass(TIMEOUT, Object.class));
        }
        probe.expectNoMessage(Duration.ofMillis(50));
        return new WriteResult(batchReply, perEvent);
    }

    public Replay replay(String persistenceId, long from, long to, long max) {
        TestKit probe = new TestKit(system);
        journal.tell(new JournalProtocol.ReplayMessages(from, to, max, persistenceId, probe.getRef()), ActorRef.noSender());
        List<PersistentRepr> events = new ArrayList<>();
        while (true) {
            Object reply = probe.expectMsgClass(TIMEOUT, Object.class);
            if (reply instanceof JournalProtocol.ReplayedMessage replayed) {
                events.add(replayed.persistent());
            } else {
                return new Replay(events, reply);
            }
        }
    }

    public Replay replayAll(String persistenceId) {
        return replay(persistenceId, 1, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    public Object deleteTo(String persistenceId, long toSequenceNr) {
        TestKit probe = new TestKit(system);
        journal.tell(new JournalProtocol.DeleteMessagesTo(persistenceId, toSequenceNr, probe.getRef()), ActorRef.noSender());
        return probe.expectMsgClass(TIMEOUT, Object.class);
    }
}
