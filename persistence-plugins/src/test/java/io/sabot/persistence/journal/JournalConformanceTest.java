package io.sabot.persistence.journal;

import static io.sabot.persistence.testing.JournalClient.atomic;
import static io.sabot.persistence.testing.JournalClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.persistence.testing.JournalClient;
import io.sabot.persistence.testing.JournalClient.Replay;
import io.sabot.persistence.testing.JournalClient.WriteResult;
import io.sabot.persistence.testing.PluginConfig;
import com.typesafe.config.Config;
import io.sabot.persistence.rocksdb.RocksDbSettings;
import io.sabot.persistence.rocksdb.RocksDbStore;
import java.io.NotSerializableException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's contract, as Pekko's TCK states it (replay ranges and max, highest sequence number,
 * deletes, atomic writes, rejections), checked through the journal protocol on a real RocksDB.
 */
class JournalConformanceTest {

    @TempDir
    static Path dir;
    private static ActorSystem system;
    private static JournalClient journal;
    private static final AtomicInteger ids = new AtomicInteger();
    private String pid;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("journal-conformance", PluginConfig.in(dir));
        journal = new JournalClient(system);
    }

    @AfterAll
    static void stop() {
        TestKit.shutdownActorSystem(system);
    }

    @BeforeEach
    void fiveEvents() {
        pid = "p-" + ids.incrementAndGet();
        WriteResult written = journal.writeSingles(pid, 1, 5);
        assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, written.batchReply());
    }

    @Test
    void replaysWhatWasWrittenInOrderWithEveryField() {
        PersistentRepr written = event(pid, 6, "six").withManifest("adapter-v2").withTimestamp(1234L).withMetadata("meta");
        journal.write(atomic(written));

        Replay replay = journal.replayAll(pid);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), replay.sequenceNrs());
        assertEquals(6, replay.highestSequenceNr());
        PersistentRepr six = replay.events().get(5);
        assertEquals("six", six.payload());
        assertEquals(pid, six.persistenceId());
        assertEquals("adapter-v2", six.manifest());
        assertEquals(1234L, six.timestamp());
        assertEquals("meta", six.metadata().get());
        assertEquals("writer-1", six.writerUuid());
        assertEquals(ActorRef.noSender(), six.sender());
        assertFalse(six.deleted());
        assertEquals(pid + "-3", replay.events().get(2).payload());
    }

    @Test
    void replaysSequenceNumberRangesAndAtMostMax() {
        assertEquals(List.of(3L, 4L, 5L), journal.replay(pid, 3, Long.MAX_VALUE, Long.MAX_VALUE).sequenceNrs());
        assertEquals(List.of(1L, 2L, 3L), journal.replay(pid, 1, 3, Long.MAX_VALUE).sequenceNrs());
        assertEquals(List.of(2L, 3L), journal.replay(pid, 2, 3, Long.MAX_VALUE).sequenceNrs());
        assertEquals(List.of(1L, 2L, 3L), journal.replay(pid, 1, Long.MAX_VALUE, 3).sequenceNrs());
        assertEquals(List.of(2L, 3L), journal.replay(pid, 2, 5, 2).sequenceNrs());
        assertEquals(List.of(2L), journal.replay(pid, 2, 2, Long.MAX_VALUE).sequenceNrs());
        assertEquals(List.of(2L), journal.replay(pid, 2, 4, 1).sequenceNrs());
        assertEquals(List.of(), journal.replay(pid, 2, 4, 0).sequenceNrs());
        assertEquals(List.of(), journal.replay(pid, 3, 2, Long.MAX_VALUE).sequenceNrs());
        // Whatever the range, the replay ends with the highest sequence number written.
        assertEquals(5, journal.replay(pid, 2, 4, 0).highestSequenceNr());
    }

    @Test
    void anUnknownPersistenceIdReplaysNothingWithHighestZero() {
        Replay replay = journal.replay("never-written", 0, Long.MAX_VALUE, Long.MAX_VALUE);
        assertEquals(List.of(), replay.events());
        assertEquals(0, replay.highestSequenceNr());
    }

    @Test
    void persistenceIdsThatArePrefixesOfEachOtherStayApart() {
        String prefix = pid + "-x";
        journal.writeSingles(prefix, 1, 2);
        journal.writeSingles(prefix + "\u0000y", 1, 3);
        journal.writeSingles(prefix + "0", 1, 4);
        assertEquals(List.of(1L, 2L), journal.replayAll(prefix).sequenceNrs());
        assertEquals(3, journal.replayAll(prefix + "\u0000y").highestSequenceNr());
        assertEquals(4, journal.replayAll(prefix + "0").highestSequenceNr());
        assertEquals(5, journal.replayAll(pid).highestSequenceNr());
    }

    @Test
    void deletingEventsRemovesThemAndKeepsTheHighestSequenceNumber() {
        Object reply = journal.deleteTo(pid, 3);
        assertEquals(new DeleteMessagesSuccess(3), reply);
        Replay afterDelete = journal.replay(pid, 0, Long.MAX_VALUE, Long.MAX_VALUE);
        assertEquals(List.of(4L, 5L), afterDelete.sequenceNrs());
        assertEquals(5, afterDelete.highestSequenceNr());

        assertEquals(new DeleteMessagesSuccess(Long.MAX_VALUE), journal.deleteTo(pid, Long.MAX_VALUE));
        Replay afterCleanup = journal.replayAll(pid);
        assertEquals(List.of(), afterCleanup.events());
        assertEquals(5, afterCleanup.highestSequenceNr(), "the highest sequence number survives deleting everything");

        journal.writeSingles(pid, 6, 7); // the actor goes on after its highest sequence number
        assertEquals(List.of(6L, 7L), journal.replayAll(pid).sequenceNrs());
    }

    @Test
    void anAtomicWriteOfSeveralEventsIsStoredWhole() {
        WriteResult result = journal.write(atomic(event(pid, 6, "a"), event(pid, 7, "b"), event(pid, 8, "c")),
                atomic(event(pid, 9, "d")));
        assertEquals(4, result.perEvent().size());
        result.perEvent().forEach(reply -> assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, reply));
        assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), journal.replayAll(pid).sequenceNrs());
    }

    @Test
    void aNonSerializableEventRejectsItsAtomicWriteOnlyAndTheOthersAreStored() {
        Object notSerializable = new Object();
        WriteResult result = journal.write(
                atomic(event(pid, 6, "six")),
                atomic(event(pid, 7, "seven"), event(pid, 8, notSerializable), event(pid, 9, "nine")),
                atomic(event(pid, 10, "ten")));

        assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, result.batchReply(),
                "a rejection is not a failure of the batch");
        assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, result.perEvent().get(0));
        for (int i = 1; i <= 3; i++) {
            JournalProtocol.WriteMessageRejected rejected =
                    assertInstanceOf(JournalProtocol.WriteMessageRejected.class, result.perEvent().get(i));
            assertInstanceOf(NotSerializableException.class, rejected.cause());
        }
        assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, result.perEvent().get(4));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 10L), journal.replayAll(pid).sequenceNrs(),
                "none of the rejected AtomicWrite's events is stored");
    }

    @Test
    void taggedEventsAreStoredUnwrapped() {
        journal.write(atomic(event(pid, 6, new Tagged("tagged", scala.jdk.javaapi.CollectionConverters
                .asScala(Set.of("t1", "t2")).toSet()))));
        assertEquals("tagged", journal.replay(pid, 6, 6, 1).events().get(0).payload());
    }

    @Test
    void eventsAndTheHighestSequenceNumberSurviveARestart(@TempDir Path restartDir) {
        ActorSystem first = ActorSystem.create("before-restart", PluginConfig.in(restartDir));
        new JournalClient(first).writeSingles("survivor", 1, 100);
        new JournalClient(first).deleteTo("survivor", 100);
        new JournalClient(first).writeSingles("survivor", 101, 120);
        TestKit.shutdownActorSystem(first);

        ActorSystem second = ActorSystem.create("after-restart", PluginConfig.in(restartDir));
        try {
            Replay replay = new JournalClient(second).replayAll("survivor");
            assertEquals(LongStream.rangeClosed(101, 120).boxed().toList(), replay.sequenceNrs());
            assertEquals("survivor-120", replay.events().get(19).payload());
            assertTrue(replay.end() instanceof JournalProtocol.RecoverySuccess success && success.highestSequenceNr() == 120);
        } finally {
            TestKit.shutdownActorSystem(second);
        }
    }

    @Test
    void aCorruptEventRecordFailsTheReplayNamingTheEvent(@TempDir Path corruptDir) throws Exception {
        ActorSystem writer = ActorSystem.create("before-corruption", PluginConfig.in(corruptDir));
        new JournalClient(writer).writeSingles("damaged", 1, 3);
        TestKit.shutdownActorSystem(writer);

        Config journalConfig = PluginConfig.in(corruptDir).getConfig("sabot.persistence.journal");
        try (RocksDbStore store = RocksDbStore.open(RocksDbSettings.fromConfig(journalConfig, "sabot.persistence.journal"),
                List.of("events", "tags"))) {
            // "damaged" is the first persistence id of this journal: number 1. Event 2 loses its end.
            store.db().put(store.columnFamily("events"), JournalKeys.event(1, 2), new byte[] {1, 0, 0, 0});
        }

        ActorSystem reader = ActorSystem.create("after-corruption", PluginConfig.in(corruptDir));
        try {
            Replay replay = new JournalClient(reader).replayAll("damaged");
            assertEquals(List.of(1L), replay.sequenceNrs(), "the events before the damaged one are delivered");
            JournalProtocol.ReplayMessagesFailure failure = assertInstanceOf(JournalProtocol.ReplayMessagesFailure.class,
                    replay.end());
            assertEquals("replay of 'damaged' from the journal in " + corruptDir.resolve("journal") + " failed: cannot read"
                    + " event 2 of persistence id 'damaged': the record is truncated or corrupt", failure.cause().getMessage());
        } finally {
            TestKit.shutdownActorSystem(reader);
        }
    }
}
