package io.sabot.persistence.testing;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The main of a child JVM that writes until it is killed: several {@link CounterEntity}s, each
 * persisting AtomicWrites (persistAll) of 1 to 7 events one after the other, printing
 * {@code ACK <persistence id> <batch>} after each write is acknowledged. Batch {@code b} of size
 * {@code s} holds the amounts {@code b * 10000 + s * 100 + i}, i = 0..s-1, so a reader can tell a
 * whole batch from a torn one.
 *
 * <p>Arguments: the data directory, sync-writes (on/off), the number of entities.
 */
public final class WritingProcess {

    public static int batchSize(long batch) {
        return 1 + (int) (batch % 7);
    }

    public static List<Long> batch(long batch) {
        List<Long> amounts = new ArrayList<>();
        int size = batchSize(batch);
        for (int i = 0; i < size; i++) {
            amounts.add(batch * 10000 + size * 100L + i);
        }
        return amounts;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String syncWrites = args[1];
        int entities = Integer.parseInt(args[2]);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "writer",
                ConfigFactory.parseString("sabot.persistence.journal.sync-writes = " + syncWrites)
                        .withFallback(PluginConfig.in(dir)));
        for (int e = 0; e < entities; e++) {
            String persistenceId = "crash-" + e;
            ActorRef<CounterEntity.Command> counter = system.systemActorOf(CounterEntity.create(persistenceId),
                    persistenceId, Props.empty());
            write(system, counter, persistenceId, 1);
        }
    }

    private static void write(ActorSystem<Void> system, ActorRef<CounterEntity.Command> counter, String persistenceId,
            long batch) {
        AskPattern.<CounterEntity.Command, Done>ask(counter,
                replyTo -> new CounterEntity.AddAll(batch(batch), replyTo), Duration.ofSeconds(30), system.scheduler())
                .thenAcceptAsync(done -> { // not on the common pool: a thread per task on 2 cores
                    synchronized (System.out) {
                        System.out.println("ACK " + persistenceId + " " + batch);
                        System.out.flush();
                    }
                    write(system, counter, persistenceId, batch + 1);
                }, system.executionContext());
    }
}
