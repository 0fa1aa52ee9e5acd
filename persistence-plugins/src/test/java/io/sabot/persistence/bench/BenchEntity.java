package io.sabot.persistence.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The benchmark's entity: persists {@code n} events per command (one {@code persist} for 1, one
 * {@code persistAll} otherwise) and counts them. The events are whatever {@code eventOf} makes, so
 * the same entity measures a cheap serializer and Jackson; no tags, no snapshots.
 */
final class BenchEntity extends EventSourcedBehavior<BenchEntity.Command, Object, Long> {

    sealed interface Command {
    }

    record Persist(int events, ActorRef<Done> replyTo) implements Command {
    }

    record Count(ActorRef<Long> replyTo) implements Command {
    }

    private final LongFunction<Object> eventOf;

    private BenchEntity(String persistenceId, LongFunction<Object> eventOf) {
        super(PersistenceId.ofUniqueId(persistenceId));
        this.eventOf = eventOf;
    }

    static Behavior<Command> create(String persistenceId, LongFunction<Object> eventOf) {
        return new BenchEntity(persistenceId, eventOf);
    }

    @Override
    public Long emptyState() {
        return 0L;
    }

    @Override
    public CommandHandler<Command, Object, Long> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Persist.class, (count, persist) -> {
                    if (persist.events() == 1) {
                        return Effect().persist(eventOf.apply(count)).thenReply(persist.replyTo(), c -> Done.getInstance());
                    }
                    List<Object> events = new ArrayList<>(persist.events());
                    for (int i = 0; i < persist.events(); i++) {
                        events.add(eventOf.apply(count + i));
                    }
                    return Effect().persist(events).thenReply(persist.replyTo(), c -> Done.getInstance());
                })
                .onCommand(Count.class, (count, get) -> Effect().reply(get.replyTo(), count))
                .build();
    }

    @Override
    public EventHandler<Long, Object> eventHandler() {
        return (count, event) -> count + 1;
    }
}
