package io.sabot.persistence.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.persistence.testing.CounterEntity;
import io.sabot.persistence.testing.CounterEntity.Added;
import io.sabot.persistence.testing.JournalClient;
import io.sabot.persistence.testing.PluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read journal over events written by a typed EventSourcedBehavior (tags from its
 * {@code tagsFor}): current queries end at what was stored when they started, live ones go on with
 * what is written later. Pages of 7 make every query cross page boundaries.
 */
class RocksDbReadJournalTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static ActorTestKit kit;
    private static RocksDbReadJournal queries;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("queries", ConfigFactory.parseString("""
                sabot.persistence.query.max-buffer-size = 7
                sabot.persistence.query.refresh-interval = 50ms
                """).withFallback(PluginConfig.in(dir)));
        queries = PersistenceQuery.get(Adapter.toClassic(kit.system()))
                .getReadJournalFor(RocksDbReadJournal.class, RocksDbReadJournal.IDENTIFIER);
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static String newId() {
        return "q-" + UUID.randomUUID();
    }

    private static ActorRef<CounterEntity.Command> counterWith(String id, long... amounts) {
        ActorRef<CounterEntity.Command> counter = kit.spawn(CounterEntity.create(id));
        add(counter, amounts);
        return counter;
    }

    private static void add(ActorRef<CounterEntity.Command> counter, long... amounts) {
        TestProbe<Done> done = kit.createTestProbe();
        for (long amount : amounts) {
            counter.tell(new CounterEntity.Add(amount, done.getRef()));
            done.expectMessage(TIMEOUT, Done.getInstance());
        }
    }

    private static <T> List<T> run(Source<T, ?> source) throws Exception {
        return source.runWith(Sink.seq(), kit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<Long> amounts(List<EventEnvelope> envelopes) {
        return envelopes.stream().map(e -> ((Added) e.event()).amount()).toList();
    }

    @Test
    void currentEventsByPersistenceIdReturnsTheRangeAndCompletes() throws Exception {
        String id = newId();
        counterWith(id, LongStream.rangeClosed(1, 20).toArray());

        List<EventEnvelope> all = run(queries.currentEventsByPersistenceId(id, 0, Long.MAX_VALUE));
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), amounts(all));
        EventEnvelope third = all.get(2);
        assertEquals(id, third.persistenceId());
        assertEquals(3, third.sequenceNr());
        assertEquals(Offset.sequence(3), third.offset());
        assertTrue(third.timestamp() > 0, "the time the event was persisted");

        assertEquals(List.of(8L, 9L, 10L), amounts(run(queries.currentEventsByPersistenceId(id, 8, 10))));
        assertEquals(List.of(), run(queries.currentEventsByPersistenceId("nobody", 0, Long.MAX_VALUE)));
    }

    @Test
    void eventsByPersistenceIdFollowsNewEventsAndCompletesAtToSequenceNr() throws Exception {
        String id = newId();
        ActorRef<CounterEntity.Command> counter = counterWith(id, 1, 2, 3);
        CompletionStage<List<EventEnvelope>> live = queries.eventsByPersistenceId(id, 2, 12).runWith(Sink.seq(), kit.system());
        Thread.sleep(200); // the query has caught up and polls
        add(counter, LongStream.rangeClosed(4, 15).toArray());
        assertEquals(LongStream.rangeClosed(2, 12).boxed().toList(),
                amounts(live.toCompletableFuture().get(10, TimeUnit.SECONDS)));
    }

    @Test
    void persistenceIdsInTheOrderOfTheirFirstEvent() throws Exception {
        List<String> before = run(queries.currentPersistenceIds());
        String first = newId();
        String second = newId();
        counterWith(first, 1);
        counterWith(second, 1);
        List<String> after = run(queries.currentPersistenceIds());
        assertEquals(before, after.subList(0, before.size()));
        assertEquals(List.of(first, second), after.subList(before.size(), after.size()));

        CompletionStage<List<String>> live = queries.persistenceIds().take(after.size() + 1).runWith(Sink.seq(), kit.system());
        String third = newId();
        counterWith(third, 1);
        assertEquals(third, live.toCompletableFuture().get(10, TimeUnit.SECONDS).get(after.size()));
    }

    @Test
    void eventsByTagInWriteOrderFromAnExclusiveOffset() throws Exception {
        String tag = "even";
        List<EventEnvelope> before = run(queries.currentEventsByTag(tag, Offset.noOffset()));
        long last = before.isEmpty() ? 0 : ((Sequence) before.get(before.size() - 1).offset()).value();
        String a = newId();
        String b = newId();
        ActorRef<CounterEntity.Command> counterA = counterWith(a, 2, 3, 4);
        counterWith(b, 6, 7);
        add(counterA, 8);

        List<EventEnvelope> tagged = run(queries.currentEventsByTag(tag, Offset.sequence(last)));
        assertEquals(List.of(2L, 4L, 6L, 8L), amounts(tagged));
        assertEquals(List.of(a, a, b, a), tagged.stream().map(EventEnvelope::persistenceId).toList());
        List<Long> offsets = tagged.stream().map(e -> ((Sequence) e.offset()).value()).toList();
        assertEquals(offsets.stream().sorted().distinct().toList(), offsets, "offsets increase");

        assertEquals(List.of(6L, 8L), amounts(run(queries.currentEventsByTag(tag, tagged.get(1).offset()))),
                "the event at the offset given is not returned again");

        CompletionStage<List<EventEnvelope>> live = queries.eventsByTag(tag, tagged.get(3).offset()).take(2)
                .runWith(Sink.seq(), kit.system());
        add(counterA, 9, 10, 11, 12);
        assertEquals(List.of(10L, 12L), amounts(live.toCompletableFuture().get(10, TimeUnit.SECONDS)));
    }

    @Test
    void deletedEventsAreNotReturned() throws Exception {
        String id = newId();
        counterWith(id, 100, 102, 104, 106);
        new JournalClient(Adapter.toClassic(kit.system())).deleteTo(id, 2);
        assertEquals(List.of(104L, 106L), amounts(run(queries.currentEventsByPersistenceId(id, 0, Long.MAX_VALUE))));
        List<Long> tagged = amounts(run(queries.currentEventsByTag("even", Offset.noOffset()).filter(e -> e.persistenceId().equals(id))));
        assertEquals(List.of(104L, 106L), tagged);
    }

    @Test
    void anOffsetThatIsNotASequenceIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> queries.currentEventsByTag("all", Offset.timestamp(Instant.now())));
        assertTrue(refused.getMessage().contains("Offset.sequence"), refused.getMessage());
    }
}
