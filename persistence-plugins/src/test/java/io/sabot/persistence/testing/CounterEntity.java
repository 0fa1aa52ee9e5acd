package io.sabot.persistence.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A typed event-sourced counter, the test application: {@code Add} persists one event, {@code AddAll}
 * persists several atomically ({@code persistAll}); events are tagged "all" and "even" or "odd".
 * Optionally snapshots every N events and counts the events it applies (to see what a recovery replayed).
 */
public final class CounterEntity extends EventSourcedBehavior<CounterEntity.Command, CounterEntity.Added, CounterEntity.Total> {

    public sealed interface Command extends JsonSerializable {
    }

    /** Persists one event; answers when it is stored. */
    public record Add(long amount, ActorRef<Done> replyTo) implements Command {
    }

    /** Persists the events as one AtomicWrite; answers when all are stored. */
    public record AddAll(List<Long> amounts, ActorRef<Done> replyTo) implements Command {
    }

    public record Get(ActorRef<Total> replyTo) implements Command {
    }

    public record Added(long amount) implements JsonSerializable {
    }

    /** The state: how many events, and the sum of their amounts. */
    public record Total(long events, long sum) implements JsonSerializable {
        Total plus(Added added) {
            return new Total(events + 1, sum + added.amount());
        }
    }

    private final int snapshotEvery;
    private final AtomicLong eventsApplied;

    private CounterEntity(PersistenceId persistenceId, int snapshotEvery, AtomicLong eventsApplied) {
        super(persistenceId);
        this.snapshotEvery = snapshotEvery;
        this.eventsApplied = eventsApplied;
    }

    public static Behavior<Command> create(String persistenceId) {
        return new CounterEntity(PersistenceId.ofUniqueId(persistenceId), 0, new AtomicLong());
    }

    /** Snapshots every {@code snapshotEvery} events; counts every event applied (replayed or new) in {@code eventsApplied}. */
    public static Behavior<Command> create(String persistenceId, int snapshotEvery, AtomicLong eventsApplied) {
        return new CounterEntity(PersistenceId.ofUniqueId(persistenceId), snapshotEvery, eventsApplied);
    }

    @Override
    public Total emptyState() {
        return new Total(0, 0);
    }

    @Override
    public CommandHandler<Command, Added, Total> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Add.class, (state, add) -> Effect().persist(new Added(add.amount()))
                        .thenReply(add.replyTo(), s -> Done.getInstance()))
                .onCommand(AddAll.class, (state, add) -> Effect().persist(add.amounts().stream().map(Added::new).toList())
                        .thenReply(add.replyTo(), s -> Done.getInstance()))
                .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state))
                .build();
    }

    @Override
    public EventHandler<Total, Added> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onEvent(Added.class, (state, added) -> {
            eventsApplied.incrementAndGet();
            return state.plus(added);
        }).build();
    }

    @Override
    public Set<String> tagsFor(Added event) {
        return Set.of("all", event.amount() % 2 == 0 ? "even" : "odd");
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return snapshotEvery > 0 ? RetentionCriteria.snapshotEvery(snapshotEvery, 2) : RetentionCriteria.disabled();
    }
}
