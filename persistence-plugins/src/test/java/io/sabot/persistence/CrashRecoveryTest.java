package io.sabot.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.persistence.testing.ChildJvm;
import io.sabot.persistence.testing.CounterEntity;
import io.sabot.persistence.testing.JournalClient;
import io.sabot.persistence.testing.PluginConfig;
import io.sabot.persistence.testing.WritingProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JVM writing AtomicWrites from four typed entities is killed with SIGKILL in the middle of its
 * writes. Afterwards every acknowledged event is there, every AtomicWrite is there whole or not at
 * all, sequence numbers have no gap, and the entities recover that state — with sync writes off
 * (the WAL reaches the operating system before the acknowledgement) and on (it reaches the disk).
 */
class CrashRecoveryTest {

    private static final int ENTITIES = 4;
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "sync-writes = {0}")
    @ValueSource(strings = {"off", "on"})
    void noAcknowledgedEventIsLostAndNoAtomicWriteIsTorn(String syncWrites) throws Exception {
        Map<String, Long> lastAcknowledged = new HashMap<>();
        try (ChildJvm writer = ChildJvm.start(WritingProcess.class, dir.resolve("writer-errors.txt"),
                dir.toString(), syncWrites, Integer.toString(ENTITIES))) {
            for (int acks = 0; acks < ACKS_BEFORE_KILL; ) {
                String line = writer.readLine();
                assertNotNull(line, "the writer exited by itself; its errors:\n" + writer.errors());
                acks += recordAck(line, lastAcknowledged) ? 1 : 0;
            }
            assertEquals(137, writer.kill(), "killed by SIGKILL (128 + 9)");
            // What it printed before it died was acknowledged too.
            for (String line = writer.readLine(); line != null; line = writer.readLine()) {
                recordAck(line, lastAcknowledged);
            }
        }
        assertEquals(ENTITIES, lastAcknowledged.size(), "every entity wrote: " + lastAcknowledged);

        Map<String, CounterEntity.Total> stored = new HashMap<>();
        ActorSystem reader = ActorSystem.create("after-crash", PluginConfig.in(dir));
        try {
            for (Map.Entry<String, Long> acked : lastAcknowledged.entrySet()) {
                List<PersistentRepr> events = new JournalClient(reader).replayAll(acked.getKey()).events();
                long lastBatch = checkWholeBatches(acked.getKey(), events);
                assertTrue(lastBatch >= acked.getValue(), acked.getKey() + ": batch " + acked.getValue()
                        + " was acknowledged, the journal ends at batch " + lastBatch);
                long sum = events.stream().mapToLong(e -> ((CounterEntity.Added) e.payload()).amount()).sum();
                stored.put(acked.getKey(), new CounterEntity.Total(events.size(), sum));
            }
        } finally {
            TestKit.shutdownActorSystem(reader);
        }

        ActorTestKit recovery = ActorTestKit.create("recovery", PluginConfig.in(dir));
        try {
            for (Map.Entry<String, CounterEntity.Total> entity : stored.entrySet()) {
                ActorRef<CounterEntity.Command> counter = recovery.spawn(CounterEntity.create(entity.getKey()));
                TestProbe<CounterEntity.Total> probe = recovery.createTestProbe();
                counter.tell(new CounterEntity.Get(probe.getRef()));
                assertEquals(entity.getValue(), probe.expectMessageClass(CounterEntity.Total.class, Duration.ofSeconds(10)));
            }
        } finally {
            recovery.shutdownTestKit();
        }
    }

    private static boolean recordAck(String line, Map<String, Long> lastAcknowledged) {
        if (!line.startsWith("ACK ")) {
            return false;
        }
        String[] parts = line.split(" ");
        lastAcknowledged.merge(parts[1], Long.parseLong(parts[2]), Math::max);
        return true;
    }

    /**
     * Checks that the events are batches 1, 2, 3, … each complete, with sequence numbers 1..n;
     * returns the last batch.
     */
    private static long checkWholeBatches(String persistenceId, List<PersistentRepr> events) {
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(),
                events.stream().map(PersistentRepr::sequenceNr).toList(), persistenceId + ": no gap in sequence numbers");
        int position = 0;
        long batch = 0;
        while (position < events.size()) {
            batch++;
            List<Long> expected = WritingProcess.batch(batch);
            for (long amount : expected) {
                assertTrue(position < events.size(), persistenceId + ": batch " + batch + " is torn: it ends after "
                        + (position - events.size() + expected.size()) + " of its " + expected.size() + " events");
                assertEquals(amount, ((CounterEntity.Added) events.get(position).payload()).amount(),
                        persistenceId + ": event " + (position + 1));
                position++;
            }
        }
        return batch;
    }
}
