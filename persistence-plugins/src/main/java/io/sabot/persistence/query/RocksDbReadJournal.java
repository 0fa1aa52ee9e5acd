package io.sabot.persistence.query;

import com.typesafe.config.Config;
import io.sabot.persistence.journal.JournalRegistry;
import io.sabot.persistence.journal.JournalStorage;
import io.sabot.persistence.journal.JournalStorage.NumberedPersistenceId;
import io.sabot.persistence.journal.JournalStorage.TagPage;
import io.sabot.persistence.journal.JournalStorage.TaggedEvent;
import io.sabot.persistence.journal.OpenJournal;
import io.sabot.persistence.journal.PersistentReprCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.PersistenceIdsQuery;
import org.apache.pekko.persistence.query.javadsl.ReadJournal;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The read journal (Java API) of the RocksDB journal, for queries in the same actor system:
 * <pre>
 * RocksDbReadJournal queries = PersistenceQuery.get(system)
 *         .getReadJournalFor(RocksDbReadJournal.class, RocksDbReadJournal.IDENTIFIER);
 * </pre>
 * Offsets of {@code eventsByTag} are {@link Sequence}s: the position of the tagged event in the
 * journal, strictly increasing in the order events were written; a query from offset {@code n}
 * returns the events after {@code n}. Persistence ids come in the order of their first event.
 * Events deleted with {@code deleteMessagesTo} are not returned.
 */
public final class RocksDbReadJournal implements ReadJournal, EventsByPersistenceIdQuery,
        CurrentEventsByPersistenceIdQuery, PersistenceIdsQuery, CurrentPersistenceIdsQuery, EventsByTagQuery,
        CurrentEventsByTagQuery {

    /** The config path of the read journal plugin. */
    public static final String IDENTIFIER = "sabot.persistence.query";

    private final JournalStorage storage;
    private final PersistentReprCodec codec;
    private final PagedSource pages;
    private final int pageSize;

    public RocksDbReadJournal(ExtendedActorSystem system, Config config) {
        String writePlugin = config.getString("write-plugin");
        OpenJournal journal = JournalRegistry.get(system).journal(writePlugin, system.settings().config().getConfig(writePlugin));
        this.storage = journal.storage();
        this.codec = journal.codec();
        this.pages = new PagedSource(system, journal.blockingExecutor(), config.getDuration("refresh-interval"),
                "the journal in " + storage.dir());
        this.pageSize = config.getInt("max-buffer-size");
    }

    @Override
    public Source<EventEnvelope, NotUsed> eventsByPersistenceId(String persistenceId, long fromSequenceNr,
            long toSequenceNr) {
        return events(persistenceId, fromSequenceNr, toSequenceNr, true);
    }

    @Override
    public Source<EventEnvelope, NotUsed> currentEventsByPersistenceId(String persistenceId, long fromSequenceNr,
            long toSequenceNr) {
        return upToCurrent(() -> storage.highestSequenceNr(persistenceId),
                highest -> events(persistenceId, fromSequenceNr, Math.min(toSequenceNr, highest), false));
    }

    private Source<EventEnvelope, NotUsed> events(String persistenceId, long fromSequenceNr, long toSequenceNr,
            boolean live) {
        return pages.create(Math.max(1, fromSequenceNr), live, (Long next) -> {
            List<EventEnvelope> found = new ArrayList<>();
            storage.replay(persistenceId, next, toSequenceNr, pageSize, (sequenceNr, record) ->
                    found.add(envelope(Offset.sequence(sequenceNr), codec.decode(persistenceId, sequenceNr, record))));
            long after = found.isEmpty() ? next : found.get(found.size() - 1).sequenceNr() + 1;
            return new PagedSource.Page<>(found, after, after > toSequenceNr);
        });
    }

    @Override
    public Source<String, NotUsed> persistenceIds() {
        return persistenceIds(Long.MAX_VALUE, true);
    }

    @Override
    public Source<String, NotUsed> currentPersistenceIds() {
        return upToCurrent(storage::lastPersistenceIdNumber, last -> persistenceIds(last, false));
    }

    private Source<String, NotUsed> persistenceIds(long upToNumber, boolean live) {
        return pages.create(0L, live, (Long after) -> {
            List<NumberedPersistenceId> found = storage.persistenceIds(after, upToNumber, pageSize);
            List<String> ids = found.stream().map(NumberedPersistenceId::persistenceId).toList();
            return new PagedSource.Page<>(ids, found.isEmpty() ? after : found.get(found.size() - 1).number(), false);
        });
    }

    @Override
    public Source<EventEnvelope, NotUsed> eventsByTag(String tag, Offset offset) {
        return tagged(tag, after(offset), Long.MAX_VALUE, true);
    }

    @Override
    public Source<EventEnvelope, NotUsed> currentEventsByTag(String tag, Offset offset) {
        long after = after(offset);
        return upToCurrent(storage::lastOrdering, last -> tagged(tag, after, last, false));
    }

    private Source<EventEnvelope, NotUsed> tagged(String tag, long afterOrdering, long upToOrdering, boolean live) {
        return pages.create(afterOrdering, live, (Long after) -> {
            TagPage page = storage.tagged(tag, after, upToOrdering, pageSize);
            List<EventEnvelope> found = new ArrayList<>(page.events().size());
            for (TaggedEvent event : page.events()) {
                found.add(envelope(Offset.sequence(event.ordering()),
                        codec.decode(event.persistenceId(), event.sequenceNr(), event.record())));
            }
            return new PagedSource.Page<>(found, page.lastOrdering(), false);
        });
    }

    private static EventEnvelope envelope(Offset offset, PersistentRepr repr) {
        return new EventEnvelope(offset, repr.persistenceId(), repr.sequenceNr(), repr.payload(), repr.timestamp(),
                repr.metadata());
    }

    /** The position after which an {@code eventsByTag} query starts. */
    private static long after(Offset offset) {
        if (offset instanceof Sequence sequence) {
            return sequence.value();
        }
        if (offset == null || offset.equals(Offset.noOffset())) {
            return 0;
        }
        throw new IllegalArgumentException("the Sabot read journal takes Offset.sequence(n) or Offset.noOffset(), not "
                + offset);
    }

    /**
     * A current query: its end is fixed when it starts running (not when it is created), by reading
     * {@code bound} on the blocking dispatcher.
     */
    private <E> Source<E, NotUsed> upToCurrent(Callable<Long> bound, LongFunction<Source<E, NotUsed>> upTo) {
        return Source.lazyCompletionStageSource(() -> pages.run(() -> upTo.apply(bound.call())))
                .mapMaterializedValue(ignored -> NotUsed.getInstance());
    }
}
