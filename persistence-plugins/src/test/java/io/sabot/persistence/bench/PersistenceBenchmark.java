package io.sabot.persistence.bench;

import com.typesafe.config.ConfigFactory;
import io.sabot.persistence.query.RocksDbReadJournal;
import io.sabot.persistence.testing.CounterEntity;
import io.sabot.persistence.testing.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * End-to-end throughput of the plugin through typed {@code EventSourcedBehavior}s:
 * <ol>
 * <li>one entity persisting {@code persistAll} batches of 100 events, each after the previous was stored;</li>
 * <li>100 entities each persisting one event at a time ({@code persist}), all at once;</li>
 * <li>replay of the first entity's events: a whole recovery of a new incarnation, and the read
 *     journal's {@code currentEventsByPersistenceId} stream.</li>
 * </ol>
 * For two kinds of event — {@code Long} (Pekko's built-in serializer: what the plugin itself costs)
 * and a Jackson JSON record (as an application's events often are) — with {@code sync-writes} off
 * and on, each in a fresh directory after a warm-up round, three times each; at the end a markdown
 * table of all runs. Timings are printed, never asserted.
 *
 * <p>Arguments (optional): the directory to write in, the events per measurement (default 1,000,000).
 */
public final class PersistenceBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int RUNS = 3;
    /** events/s of every run, by measurement, in the order measured. */
    private static final Map<String, List<Double>> results = new LinkedHashMap<>();

    private record EventKind(String name, LongFunction<Object> eventOf) {
    }

    private static final List<EventKind> KINDS = List.of(
            new EventKind("Long", n -> n),
            new EventKind("Jackson", CounterEntity.Added::new));

    public static void main(String[] args) throws Exception {
        Path parent = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Path root = Files.createTempDirectory(parent, "persistence-bench");
        System.out.printf("%,d events per measurement, in %s, %d cores%n", events, root,
                Runtime.getRuntime().availableProcessors());
        try {
            for (String sync : List.of("off", "on")) {
                ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench",
                        ConfigFactory.parseString("sabot.persistence.journal.sync-writes = " + sync)
                                .withFallback(PluginConfig.in(root.resolve("sync-" + sync))));
                try {
                    for (EventKind kind : KINDS) {
                        String label = "sync " + sync + ", " + kind.name();
                        persistAll(system, kind, "warm-up-" + kind.name(), events / 10, null);
                        persist(system, kind, "warm-up-" + kind.name() + "-", events / 10, null);
                        for (int run = 1; run <= RUNS; run++) {
                            String id = kind.name() + "-run" + run;
                            persistAll(system, kind, id, events, label);
                            persist(system, kind, id + "-", events, label);
                            replay(system, kind, id, events, label);
                        }
                    }
                } finally {
                    system.terminate();
                    system.getWhenTerminated().toCompletableFuture().get();
                }
            }
        } finally {
            PluginConfig.deleteRecursively(root);
        }
        System.out.println();
        System.out.println("| measurement | events/s (" + RUNS + " runs) |");
        System.out.println("|---|---|");
        results.forEach((what, rates) -> System.out.println("| " + what + " | " + String.join(" · ",
                rates.stream().map(rate -> String.format("%,.0f", rate)).toList()) + " |"));
    }

    /** One entity, persistAll of 100 events at a time, the next batch once the previous is stored. */
    private static void persistAll(ActorSystem<Void> system, EventKind kind, String id, long events, String label)
            throws Exception {
        ActorRef<BenchEntity.Command> entity = spawn(system, kind, id);
        long start = System.nanoTime();
        for (long written = 0; written < events; written += 100) {
            ask(system, entity, replyTo -> new BenchEntity.Persist(100, replyTo)).toCompletableFuture().get();
        }
        print(label, "persistAll of 100, 1 persistence id", events, start);
    }

    /** 100 entities, each persisting one event per command, all writing at the same time. */
    private static void persist(ActorSystem<Void> system, EventKind kind, String prefix, long events, String label)
            throws Exception {
        int entities = 100;
        long perEntity = events / entities;
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        long start = System.nanoTime();
        for (int e = 0; e < entities; e++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            persistOneByOne(system, spawn(system, kind, prefix + e), perEntity, done);
            finished.add(done);
        }
        CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).get();
        print(label, "persist, 100 entities at once", perEntity * entities, start);
    }

    private static void persistOneByOne(ActorSystem<Void> system, ActorRef<BenchEntity.Command> entity, long left,
            CompletableFuture<Void> finished) {
        if (left == 0) {
            finished.complete(null);
            return;
        }
        // On the actor system's executor: the ask's stage would run a plain whenComplete on the
        // common pool, which has one thread on 2 cores and then starts a thread per callback.
        ask(system, entity, replyTo -> new BenchEntity.Persist(1, replyTo)).whenCompleteAsync((ok, error) -> {
            if (error != null) {
                finished.completeExceptionally(error);
            } else {
                persistOneByOne(system, entity, left - 1, finished);
            }
        }, system.executionContext());
    }

    /** A new incarnation of the entity replays all its events; then the read journal streams them. */
    private static void replay(ActorSystem<Void> system, EventKind kind, String id, long events, String label)
            throws Exception {
        long start = System.nanoTime();
        ActorRef<BenchEntity.Command> recovered = system.systemActorOf(BenchEntity.create(id, kind.eventOf()),
                id + "-recovered", Props.empty());
        long count = AskPattern.<BenchEntity.Command, Long>ask(recovered, BenchEntity.Count::new, TIMEOUT,
                system.scheduler()).toCompletableFuture().get();
        check(count, events, "recovered");
        print(label, "replay: recovery of that entity", events, start);

        RocksDbReadJournal queries = PersistenceQuery.get(Adapter.toClassic(system))
                .getReadJournalFor(RocksDbReadJournal.class, RocksDbReadJournal.IDENTIFIER);
        start = System.nanoTime();
        long streamed = queries.currentEventsByPersistenceId(id, 0, Long.MAX_VALUE)
                .runWith(Sink.fold(0L, (n, e) -> n + 1), system).toCompletableFuture().get();
        check(streamed, events, "streamed");
        print(label, "replay: currentEventsByPersistenceId", events, start);
    }

    private static ActorRef<BenchEntity.Command> spawn(ActorSystem<Void> system, EventKind kind, String id) {
        return system.systemActorOf(BenchEntity.create(id, kind.eventOf()), id, Props.empty());
    }

    private static CompletionStage<Done> ask(ActorSystem<Void> system, ActorRef<BenchEntity.Command> entity,
            Function<ActorRef<Done>, BenchEntity.Command> command) {
        return AskPattern.ask(entity, command, TIMEOUT, system.scheduler());
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " " + actual + " events, expected " + expected);
        }
    }

    private static void print(String label, String what, long events, long startNanos) {
        if (label == null) {
            return; // warm-up
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-18s %-38s %,11d events %7.2f s %,11.0f events/s%n", label, what, events, seconds,
                events / seconds);
        results.computeIfAbsent(label + ": " + what, key -> new ArrayList<>()).add(events / seconds);
    }

    private PersistenceBenchmark() {
    }
}
