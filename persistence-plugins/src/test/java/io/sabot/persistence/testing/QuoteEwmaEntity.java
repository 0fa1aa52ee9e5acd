package io.sabot.persistence.testing;

import io.sabot.persistence.snapshot.ArrowTableSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Per-symbol EWMA of mid prices, an entity whose state is columnar: its {@link SnapshotAdapter}
 * turns the state into an {@link ArrowTableSnapshot} (symbol, mid_ewma) so snapshots are Arrow IPC
 * files, and reads such a table back (closing it). Snapshots every 5 events.
 */
public final class QuoteEwmaEntity
        extends EventSourcedBehavior<QuoteEwmaEntity.Command, QuoteEwmaEntity.Quoted, QuoteEwmaEntity.Ewmas> {

    private static final double ALPHA = 0.06;

    public sealed interface Command extends JsonSerializable {
    }

    public record Quote(String symbol, double mid, ActorRef<Done> replyTo) implements Command {
    }

    public record GetState(ActorRef<Ewmas> replyTo) implements Command {
    }

    public record Quoted(String symbol, double mid) implements JsonSerializable {
    }

    public record Ewmas(Map<String, Double> bySymbol) {
        Ewmas apply(Quoted quote) {
            Map<String, Double> next = new TreeMap<>(bySymbol);
            next.merge(quote.symbol(), quote.mid(), (old, mid) -> ALPHA * mid + (1 - ALPHA) * old);
            return new Ewmas(next);
        }
    }

    private final BufferAllocator allocator;

    private QuoteEwmaEntity(String persistenceId, BufferAllocator allocator) {
        super(PersistenceId.ofUniqueId(persistenceId));
        this.allocator = allocator;
    }

    public static Behavior<Command> create(String persistenceId, BufferAllocator allocator) {
        return new QuoteEwmaEntity(persistenceId, allocator);
    }

    public static Map<String, Double> state(ActorTestKit kit, ActorRef<Command> entity) {
        TestProbe<Ewmas> probe = kit.createTestProbe();
        entity.tell(new GetState(probe.getRef()));
        return probe.expectMessageClass(Ewmas.class, Duration.ofSeconds(10)).bySymbol();
    }

    @Override
    public Ewmas emptyState() {
        return new Ewmas(new TreeMap<>());
    }

    @Override
    public CommandHandler<Command, Quoted, Ewmas> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Quote.class, (state, quote) -> Effect().persist(new Quoted(quote.symbol(), quote.mid()))
                        .thenReply(quote.replyTo(), s -> Done.getInstance()))
                .onCommand(GetState.class, (state, get) -> Effect().reply(get.replyTo(), state))
                .build();
    }

    @Override
    public EventHandler<Ewmas, Quoted> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onEvent(Quoted.class, Ewmas::apply).build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(5, 1);
    }

    @Override
    public SnapshotAdapter<Ewmas> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(Ewmas state) { // a copy: the store takes and frees it
                VarCharVector symbols = new VarCharVector("symbol", allocator);
                Float8Vector ewmas = new Float8Vector("mid_ewma", allocator);
                int row = 0;
                for (Map.Entry<String, Double> entry : state.bySymbol().entrySet()) {
                    symbols.setSafe(row, entry.getKey().getBytes(StandardCharsets.UTF_8));
                    ewmas.setSafe(row, entry.getValue());
                    row++;
                }
                symbols.setValueCount(row);
                ewmas.setValueCount(row);
                return ArrowTableSnapshot.of(new VectorSchemaRoot(List.<FieldVector>of(symbols, ewmas)));
            }

            @Override
            public Ewmas fromJournal(Object from) {
                try (ArrowTableSnapshot snapshot = (ArrowTableSnapshot) from) {
                    VectorSchemaRoot table = snapshot.table();
                    VarCharVector symbols = (VarCharVector) table.getVector("symbol");
                    Float8Vector ewmas = (Float8Vector) table.getVector("mid_ewma");
                    Map<String, Double> bySymbol = new TreeMap<>();
                    for (int row = 0; row < table.getRowCount(); row++) {
                        bySymbol.put(new String(symbols.get(row), StandardCharsets.UTF_8), ewmas.get(row));
                    }
                    return new Ewmas(bySymbol);
                }
            }
        };
    }
}
