package io.sabot.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.persistence.testing.CounterEntity;
import io.sabot.persistence.testing.PluginConfig;
import io.sabot.persistence.testing.QuoteEwmaEntity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A typed {@code EventSourcedBehavior} on the plugin: it persists, is stopped, and comes back with
 * its state — from events, from a snapshot plus the events after it, from an Arrow snapshot, and
 * in a new actor system configured only by the HOCON lines of docs/persistence-plugin.md.
 */
class EventSourcedRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static CounterEntity.Total add(ActorTestKit kit, ActorRef<CounterEntity.Command> counter, long... amounts) {
        TestProbe<Done> done = kit.createTestProbe();
        for (long amount : amounts) {
            counter.tell(new CounterEntity.Add(amount, done.getRef()));
            done.expectMessage(TIMEOUT, Done.getInstance());
        }
        return total(kit, counter);
    }

    private static CounterEntity.Total total(ActorTestKit kit, ActorRef<CounterEntity.Command> counter) {
        TestProbe<CounterEntity.Total> probe = kit.createTestProbe();
        counter.tell(new CounterEntity.Get(probe.getRef()));
        return probe.expectMessageClass(CounterEntity.Total.class, TIMEOUT);
    }

    @Test
    void anEntityThatPersistedAndWasStoppedRecoversItsState() {
        ActorTestKit kit = ActorTestKit.create("recovery", PluginConfig.in(dir));
        try {
            ActorRef<CounterEntity.Command> counter = kit.spawn(CounterEntity.create("counter-1"));
            add(kit, counter, 1, 2, 3);
            TestProbe<Done> done = kit.createTestProbe();
            counter.tell(new CounterEntity.AddAll(List.of(10L, 20L, 30L), done.getRef()));
            done.expectMessage(TIMEOUT, Done.getInstance());
            CounterEntity.Total before = total(kit, counter);
            assertEquals(new CounterEntity.Total(6, 66), before);

            kit.stop(counter);
            AtomicLong replayed = new AtomicLong();
            ActorRef<CounterEntity.Command> recovered = kit.spawn(CounterEntity.create("counter-1", 0, replayed));
            assertEquals(before, total(kit, recovered));
            assertEquals(6, replayed.get(), "recovered by replaying its six events");
            assertEquals(new CounterEntity.Total(7, 166), add(kit, recovered, 100), "and goes on after them");
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void aSnapshotShortensRecoveryToTheEventsAfterIt() throws IOException {
        ActorTestKit kit = ActorTestKit.create("snapshot-recovery", PluginConfig.in(dir));
        try {
            ActorRef<CounterEntity.Command> counter = kit.spawn(CounterEntity.create("counter-2", 10, new AtomicLong()));
            long[] amounts = new long[25];
            for (int i = 0; i < amounts.length; i++) {
                amounts[i] = i + 1;
            }
            CounterEntity.Total before = add(kit, counter, amounts);
            kit.stop(counter);

            AtomicLong replayed = new AtomicLong();
            ActorRef<CounterEntity.Command> recovered = kit.spawn(CounterEntity.create("counter-2", 10, replayed));
            assertEquals(before, total(kit, recovered));
            assertEquals(5, replayed.get(), "the snapshot at 20, then events 21 to 25");
            try (Stream<Path> files = Files.list(dir.resolve("snapshots/counter-2"))) {
                assertEquals(2, files.count(), "retention keeps the two newest snapshots (10 and 20)");
            }
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void aPlainPekkoApplicationConfiguredOnlyByHoconRecoversAfterARestart() {
        // The lines of docs/persistence-plugin.md, plus the application's own serializer binding.
        Config hocon = ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "sabot.persistence.journal"
                pekko.persistence.snapshot-store.plugin = "sabot.persistence.snapshot-store"
                sabot.persistence.journal.dir = "%s/journal"
                sabot.persistence.snapshot-store.dir = "%s/snapshots"
                """.formatted(dir, dir)).withFallback(ConfigFactory.load());
        ActorTestKit first = ActorTestKit.create("application", hocon);
        CounterEntity.Total before;
        try {
            before = add(first, first.spawn(CounterEntity.create("counter-3", 3, new AtomicLong())), 5, 6, 7, 8);
        } finally {
            first.shutdownTestKit();
        }
        ActorTestKit second = ActorTestKit.create("application", hocon);
        try {
            assertEquals(before, total(second, second.spawn(CounterEntity.create("counter-3", 3, new AtomicLong()))));
        } finally {
            second.shutdownTestKit();
        }
    }

    @Test
    void anEntityWithArrowStateRecoversFromAnArrowSnapshot() throws IOException {
        ActorTestKit kit = ActorTestKit.create("arrow-state", PluginConfig.in(dir));
        try (RootAllocator allocator = new RootAllocator()) {
            ActorRef<QuoteEwmaEntity.Command> ewma = kit.spawn(QuoteEwmaEntity.create("ewma-1", allocator));
            TestProbe<Done> done = kit.createTestProbe();
            String[] symbols = {"AAPL", "MSFT", "NVDA"};
            for (int i = 0; i < 12; i++) {
                ewma.tell(new QuoteEwmaEntity.Quote(symbols[i % 3], 100 + i, done.getRef()));
                done.expectMessage(TIMEOUT, Done.getInstance());
            }
            Map<String, Double> before = QuoteEwmaEntity.state(kit, ewma);
            kit.stop(ewma);

            ActorRef<QuoteEwmaEntity.Command> recovered = kit.spawn(QuoteEwmaEntity.create("ewma-1", allocator));
            assertEquals(before, QuoteEwmaEntity.state(kit, recovered));
            try (Stream<Path> files = Files.list(dir.resolve("snapshots/ewma-1"))) {
                assertTrue(files.anyMatch(file -> file.toString().endsWith(".arrow")), "the snapshot is an Arrow file");
            }
            kit.stop(recovered);
            // Closing the allocator (end of try) fails if a snapshot table was not freed.
        } finally {
            kit.shutdownTestKit();
        }
    }
}
