package io.sabot.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sabot.persistence.rocksdb.RocksDbOpenException;
import io.sabot.persistence.rocksdb.RocksDbSettings;
import io.sabot.persistence.testing.ChildJvm;
import io.sabot.persistence.testing.CounterEntity;
import io.sabot.persistence.testing.LogCapture;
import io.sabot.persistence.testing.PluginConfig;
import io.sabot.persistence.testing.WritingProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal directory in use by another process, or by another actor system of this JVM, gives an
 * error that names the directory's LOCK file — when opened directly and when an entity recovers —
 * and the journal opens by itself once the other process is gone.
 */
class LockedJournalTest {

    private static final String JOURNAL = "sabot.persistence.journal";

    @TempDir
    Path dir;

    private RocksDbSettings settings(Config config) {
        return RocksDbSettings.fromConfig(config.getConfig(JOURNAL), JOURNAL);
    }

    @Test
    void aJournalHeldByAnotherProcessIsRefusedNamingItsLockFile() throws Exception {
        Path lock = dir.resolve("journal").resolve("LOCK");
        ActorTestKit kit = ActorTestKit.create("second-process", PluginConfig.in(dir));
        try (ChildJvm owner = ChildJvm.start(WritingProcess.class, dir.resolve("owner-errors.txt"), dir.toString(), "off", "1")) {
            owner.awaitLine("ACK ");

            RocksDbOpenException refused = assertThrows(RocksDbOpenException.class,
                    () -> JournalStorage.open(settings(PluginConfig.in(dir))));
            assertTrue(refused.getMessage().contains(lock.toString()) && refused.getMessage().contains("another process"),
                    refused.getMessage());

            try (LogCapture log = new LogCapture(RocksDbJournal.class)) {
                ActorRef<CounterEntity.Command> counter = kit.spawn(CounterEntity.create("crash-0"));
                TestProbe<Object> watcher = kit.createTestProbe();
                watcher.expectTerminated(counter, Duration.ofSeconds(10)); // its recovery failed
                assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("ERROR") && line.contains(lock.toString())),
                        log.lines().toString());
            }
            owner.kill();
        }

        // The lock went with the process: the same actor system now opens the journal and recovers.
        ActorRef<CounterEntity.Command> counter = kit.spawn(CounterEntity.create("crash-0"));
        TestProbe<CounterEntity.Total> total = kit.createTestProbe();
        counter.tell(new CounterEntity.Get(total.getRef()));
        CounterEntity.Total recovered = total.expectMessageClass(CounterEntity.Total.class, Duration.ofSeconds(10));
        assertTrue(recovered.events() >= WritingProcess.batchSize(1), "the other process's events: " + recovered);
        kit.shutdownTestKit();
    }

    @Test
    void aSecondActorSystemOfThisJvmIsRefusedNamingTheLockFile() {
        ActorSystem first = ActorSystem.create("first", PluginConfig.in(dir));
        ActorSystem second = ActorSystem.create("second", PluginConfig.in(dir));
        try {
            JournalRegistry.get(first).journal(JOURNAL, PluginConfig.in(dir).getConfig(JOURNAL));
            RocksDbOpenException refused = assertThrows(RocksDbOpenException.class,
                    () -> JournalRegistry.get(second).journal(JOURNAL, PluginConfig.in(dir).getConfig(JOURNAL)));
            assertTrue(refused.getMessage().contains(dir.resolve("journal").resolve("LOCK").toString())
                    && refused.getMessage().contains("another ActorSystem in this JVM"), refused.getMessage());
            assertEquals(JournalRegistry.get(first).journal(JOURNAL, PluginConfig.in(dir).getConfig(JOURNAL)),
                    JournalRegistry.get(first).journal(JOURNAL, PluginConfig.in(dir).getConfig(JOURNAL)),
                    "one actor system opens a journal once");
        } finally {
            TestKit.shutdownActorSystem(second);
            TestKit.shutdownActorSystem(first);
        }
    }
}
