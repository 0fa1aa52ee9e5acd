package io.sabot.persistence.journal;

import com.typesafe.config.Config;
import io.sabot.persistence.BlockingWork;
import io.sabot.persistence.journal.JournalStorage.EventToWrite;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal plugin ({@code sabot.persistence.journal}): events in RocksDB, ordered by
 * (persistence id, sequence number). The actor only serializes; storage work runs on the plugin's
 * blocking dispatcher through the journal's single {@link JournalWriter}.
 *
 * <p>An {@link AtomicWrite} whose events cannot be serialized is rejected on its own (the others in
 * the batch are stored); a storage error fails the whole batch, as Pekko's plugin contract asks.
 * Events wrapped in {@link Tagged} are stored unwrapped and indexed by tag for the read journal.
 */
public final class RocksDbJournal extends AsyncWriteJournal {

    private static final Logger log = LoggerFactory.getLogger(RocksDbJournal.class);

    private final String configPath;
    private final Config config;
    private OpenJournal journal;

    public RocksDbJournal(Config config, String configPath) {
        this.config = config;
        this.configPath = configPath;
        try {
            journal = JournalRegistry.get(context().system()).journal(configPath, config);
        } catch (RuntimeException e) {
            // Keep running: every request fails with this error (naming the directory) and the open
            // is tried again on the next one, e.g. once another process has released the lock.
            log.error("journal {} cannot be used: {}", configPath, e.getMessage());
        }
    }

    /** Runs {@code operation} on the open journal, or fails with the reason it cannot be opened. */
    private <T> Future<T> withJournal(Function<OpenJournal, CompletionStage<T>> operation) {
        try {
            if (journal == null) {
                journal = JournalRegistry.get(context().system()).journal(configPath, config);
            }
            return BlockingWork.toScala(operation.apply(journal));
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        return withJournal(open -> {
            List<Optional<Exception>> results = new ArrayList<>();
            List<EventToWrite> events = new ArrayList<>();
            long now = System.currentTimeMillis();
            open.codec().serialization().withTransportInformation(() -> {
                for (AtomicWrite write : messages) {
                    results.add(encode(open.codec(), write, now, events));
                }
                return null;
            });
            Iterable<Optional<Exception>> done = results;
            return events.isEmpty()
                    ? CompletableFuture.completedFuture(done)
                    : open.writer().append(events).thenApply(stored -> done);
        });
    }

    /**
     * Adds the events of one AtomicWrite to {@code events}, or none of them if one cannot be
     * serialized. An event without a timestamp gets the time it is written (the read journal's
     * {@code EventEnvelope.timestamp}).
     */
    private static Optional<Exception> encode(PersistentReprCodec codec, AtomicWrite write, long now,
            List<EventToWrite> events) {
        List<EventToWrite> encoded = new ArrayList<>(write.size());
        try {
            for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
                Collection<String> tags = List.of();
                if (repr.payload() instanceof Tagged tagged) {
                    tags = CollectionConverters.asJava(tagged.tags());
                    repr = repr.withPayload(tagged.payload());
                }
                if (repr.timestamp() == 0) {
                    repr = repr.withTimestamp(now);
                }
                encoded.add(new EventToWrite(repr.persistenceId(), repr.sequenceNr(), codec.encode(repr), tags));
            }
        } catch (Exception e) { // serialization failed: reject this write, store the others
            return Optional.of(e);
        }
        events.addAll(encoded);
        return Optional.empty();
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
            Consumer<PersistentRepr> replayCallback) {
        return withJournal(open -> BlockingWork.run(open.blockingExecutor(), () -> {
            try {
                open.storage().replay(persistenceId, fromSequenceNr, toSequenceNr, max, (sequenceNr, record) ->
                        replayCallback.accept(open.codec().decode(persistenceId, sequenceNr, record)));
                return null;
            } catch (Exception e) {
                throw new IllegalStateException("replay of '" + persistenceId + "' from the journal in "
                        + open.storage().dir() + " failed: " + e.getMessage(), e);
            }
        }));
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        return withJournal(open -> open.writer().inOrder(() -> open.storage().highestSequenceNr(persistenceId)));
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        return withJournal(open -> open.writer().inOrder(() -> {
            open.storage().deleteTo(persistenceId, toSequenceNr);
            return null;
        }));
    }
}
