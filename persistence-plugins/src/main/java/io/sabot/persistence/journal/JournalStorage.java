package io.sabot.persistence.journal;

import static io.sabot.persistence.journal.JournalKeys.longAt;
import static io.sabot.persistence.journal.JournalKeys.longBytes;

import io.sabot.persistence.rocksdb.RocksDbSettings;
import io.sabot.persistence.rocksdb.RocksDbStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The journal's data in one RocksDB directory (layout in {@link JournalKeys}). Reads may run on any
 * thread at any time; the write methods ({@link #append}, {@link #deleteTo}) must be called by one
 * thread at a time ({@link JournalWriter} sees to it), because they assign numbers and orderings.
 */
public final class JournalStorage implements AutoCloseable {

    /** Called for each stored event found by a range scan. */
    @FunctionalInterface
    public interface EventVisitor {
        void visit(long sequenceNr, byte[] record);
    }

    /** One event to store: its serialized record and its tags. */
    public record EventToWrite(String persistenceId, long sequenceNr, byte[] record, Collection<String> tags) {
    }

    /** An event found through a tag, with its position ({@code ordering}) in the journal. */
    public record TaggedEvent(long ordering, String persistenceId, long sequenceNr, byte[] record) {
    }

    /**
     * Events of a tag after an ordering; {@code lastOrdering} is the last ordering looked at (events
     * deleted since they were tagged are skipped), so the next page starts after it.
     */
    public record TagPage(List<TaggedEvent> events, long lastOrdering) {
    }

    /** A persistence id and its number, which orders persistence ids by first write. */
    public record NumberedPersistenceId(long number, String persistenceId) {
    }

    private static final String EVENTS = "events";
    private static final String TAGS = "tags";

    private final RocksDbStore store;
    private final ColumnFamilyHandle events;
    private final ColumnFamilyHandle tags;
    private final ColumnFamilyHandle ids;

    // Written only by the single writer. A number or ordering taken by a write that then fails is
    // not given again: gaps are harmless, reuse would not be.
    private long lastPersistenceIdNumber;
    private long lastTagNumber;
    private long lastOrdering;

    // What readers may see: published after each successful write.
    private volatile long committedOrdering;
    private volatile long committedPersistenceIdNumber;

    private JournalStorage(RocksDbStore store) throws RocksDBException {
        this.store = store;
        this.events = store.columnFamily(EVENTS);
        this.tags = store.columnFamily(TAGS);
        this.ids = store.columnFamily("default");
        this.lastPersistenceIdNumber = lastNumber(JournalKeys.PERSISTENCE_ID_NAME);
        this.lastTagNumber = lastNumber(JournalKeys.TAG_NAME);
        byte[] ordering = store.db().get(ids, JournalKeys.LAST_ORDERING);
        this.lastOrdering = ordering == null ? 0 : longAt(ordering, 0);
        this.committedOrdering = lastOrdering;
        this.committedPersistenceIdNumber = lastPersistenceIdNumber;
    }

    public static JournalStorage open(RocksDbSettings settings) {
        RocksDbStore store = RocksDbStore.open(settings, List.of(EVENTS, TAGS));
        try {
            return new JournalStorage(store);
        } catch (RocksDBException | RuntimeException e) {
            store.close();
            throw new IllegalStateException("cannot read the journal in " + settings.dir() + ": " + e.getMessage(), e);
        }
    }

    /** The highest number given to a name of this kind ('p' or 't'), 0 if none. */
    private long lastNumber(byte kind) {
        try (RocksIterator it = store.db().newIterator(ids)) {
            it.seekForPrev(JournalKeys.nameOf(kind, Long.MAX_VALUE));
            return it.isValid() && it.key()[0] == kind ? longAt(it.key(), 1) : 0;
        }
    }

    // ---- writes (one thread at a time) ----

    /** Stores all events in one WriteBatch: after a crash either all of them are there or none. */
    void append(List<EventToWrite> toWrite) throws RocksDBException {
        Map<String, Long> persistenceIdNumbers = new HashMap<>();
        Map<String, Long> tagNumbers = new HashMap<>();
        long ordering = lastOrdering;
        try (RocksDbStore.Lease lease = store.use(); WriteBatch batch = new WriteBatch()) {
            for (EventToWrite event : toWrite) {
                long number = numberForWrite(false, event.persistenceId(), persistenceIdNumbers, batch);
                byte[] key = JournalKeys.event(number, event.sequenceNr());
                batch.put(events, key, event.record());
                for (String tag : event.tags()) {
                    long tagNumber = numberForWrite(true, tag, tagNumbers, batch);
                    batch.put(tags, JournalKeys.tagEntry(tagNumber, ++ordering), key);
                }
            }
            if (ordering != lastOrdering) {
                batch.put(ids, JournalKeys.LAST_ORDERING, longBytes(ordering));
                lastOrdering = ordering;
            }
            store.db().write(store.writeOptions(), batch);
        }
        committedOrdering = ordering;
        committedPersistenceIdNumber = lastPersistenceIdNumber;
    }

    /** The number of a persistence id or tag, taking the next one (in the batch) if it has none. */
    private long numberForWrite(boolean isTag, String name, Map<String, Long> known, WriteBatch batch)
            throws RocksDBException {
        Long number = known.get(name);
        if (number != null) {
            return number;
        }
        byte numberKind = isTag ? JournalKeys.TAG_NUMBER : JournalKeys.PERSISTENCE_ID_NUMBER;
        long found = number(numberKind, name);
        if (found == 0) {
            found = isTag ? ++lastTagNumber : ++lastPersistenceIdNumber;
            batch.put(ids, JournalKeys.numberOf(numberKind, name), longBytes(found));
            batch.put(ids, JournalKeys.nameOf(isTag ? JournalKeys.TAG_NAME : JournalKeys.PERSISTENCE_ID_NAME, found),
                    name.getBytes(StandardCharsets.UTF_8));
        }
        known.put(name, found);
        return found;
    }

    /**
     * Removes the events of a persistence id up to {@code toSequenceNr} (one range delete) and keeps
     * its highest sequence number, so that a later write never reuses one.
     */
    void deleteTo(String persistenceId, long toSequenceNr) throws RocksDBException {
        try (RocksDbStore.Lease lease = store.use(); WriteBatch batch = new WriteBatch()) {
            long number = number(JournalKeys.PERSISTENCE_ID_NUMBER, persistenceId);
            if (number == 0) {
                return;
            }
            long highest = highestSequenceNr(number);
            long upTo = Math.min(toSequenceNr, highest);
            if (upTo < 1) {
                return;
            }
            batch.put(ids, JournalKeys.highestSequenceNr(number), longBytes(highest));
            batch.deleteRange(events, JournalKeys.event(number, 0), JournalKeys.event(number, upTo + 1));
            store.db().write(store.writeOptions(), batch);
        }
    }

    // ---- reads (any thread) ----

    /** The highest sequence number ever written for this persistence id, deleted events included. */
    public long highestSequenceNr(String persistenceId) throws RocksDBException {
        try (RocksDbStore.Lease lease = store.use()) {
            long number = number(JournalKeys.PERSISTENCE_ID_NUMBER, persistenceId);
            return number == 0 ? 0 : highestSequenceNr(number);
        }
    }

    private long highestSequenceNr(long number) throws RocksDBException {
        long last = 0;
        try (RocksIterator it = store.db().newIterator(events)) {
            it.seekForPrev(JournalKeys.event(number, Long.MAX_VALUE));
            if (it.isValid() && longAt(it.key(), 0) == number) {
                last = longAt(it.key(), 8);
            }
            it.status();
        }
        byte[] kept = store.db().get(ids, JournalKeys.highestSequenceNr(number));
        return kept == null ? last : Math.max(last, longAt(kept, 0));
    }

    /**
     * Visits the stored events of a persistence id with {@code from <= sequenceNr <= to}, in order, at
     * most {@code max} of them; returns how many it visited.
     */
    public long replay(String persistenceId, long fromSequenceNr, long toSequenceNr, long max, EventVisitor visitor)
            throws RocksDBException {
        if (max <= 0 || fromSequenceNr > toSequenceNr) {
            return 0;
        }
        try (RocksDbStore.Lease lease = store.use()) {
            long number = number(JournalKeys.PERSISTENCE_ID_NUMBER, persistenceId);
            if (number == 0) {
                return 0;
            }
            long count = 0;
            try (RocksIterator it = store.db().newIterator(events)) {
                for (it.seek(JournalKeys.event(number, Math.max(0, fromSequenceNr))); it.isValid() && count < max;
                        it.next()) {
                    byte[] key = it.key();
                    long sequenceNr = longAt(key, 8);
                    if (longAt(key, 0) != number || sequenceNr > toSequenceNr) {
                        break;
                    }
                    visitor.visit(sequenceNr, it.value());
                    count++;
                }
                it.status();
            }
            return count;
        }
    }

    /** Up to {@code limit} entries of a tag with {@code afterOrdering < ordering <= upToOrdering}. */
    public TagPage tagged(String tag, long afterOrdering, long upToOrdering, int limit) throws RocksDBException {
        List<TaggedEvent> found = new ArrayList<>();
        long last = afterOrdering;
        try (RocksDbStore.Lease lease = store.use()) {
            long tagNumber = number(JournalKeys.TAG_NUMBER, tag);
            if (tagNumber == 0) {
                return new TagPage(found, last);
            }
            Map<Long, String> persistenceIds = new HashMap<>();
            try (RocksIterator it = store.db().newIterator(tags)) {
                int scanned = 0;
                for (it.seek(JournalKeys.tagEntry(tagNumber, afterOrdering + 1)); it.isValid() && scanned < limit;
                        it.next(), scanned++) {
                    long ordering = longAt(it.key(), 8);
                    if (longAt(it.key(), 0) != tagNumber || ordering > upToOrdering) {
                        break;
                    }
                    last = ordering;
                    byte[] eventKey = it.value();
                    byte[] record = store.db().get(events, eventKey);
                    if (record != null) { // null: deleted after it was tagged
                        long number = longAt(eventKey, 0);
                        String persistenceId = persistenceIds.computeIfAbsent(number, this::persistenceIdOf);
                        found.add(new TaggedEvent(ordering, persistenceId, longAt(eventKey, 8), record));
                    }
                }
                it.status();
            }
        }
        return new TagPage(found, last);
    }

    /** Up to {@code limit} persistence ids numbered {@code afterNumber < number <= upToNumber}. */
    public List<NumberedPersistenceId> persistenceIds(long afterNumber, long upToNumber, int limit)
            throws RocksDBException {
        List<NumberedPersistenceId> found = new ArrayList<>();
        try (RocksDbStore.Lease lease = store.use();
                RocksIterator it = store.db().newIterator(ids)) {
            for (it.seek(JournalKeys.nameOf(JournalKeys.PERSISTENCE_ID_NAME, afterNumber + 1));
                    it.isValid() && found.size() < limit; it.next()) {
                byte[] key = it.key();
                if (key[0] != JournalKeys.PERSISTENCE_ID_NAME || longAt(key, 1) > upToNumber) {
                    break;
                }
                found.add(new NumberedPersistenceId(longAt(key, 1), new String(it.value(), StandardCharsets.UTF_8)));
            }
            it.status();
        }
        return found;
    }

    /** The ordering of the last tagged event written so far. */
    public long lastOrdering() {
        return committedOrdering;
    }

    /** The number of the last persistence id written so far. */
    public long lastPersistenceIdNumber() {
        return committedPersistenceIdNumber;
    }

    public java.nio.file.Path dir() {
        return store.dir();
    }

    /** The number of a persistence id ('P') or tag ('T'), 0 if it was never written. */
    private long number(byte kind, String name) throws RocksDBException {
        byte[] number = store.db().get(ids, JournalKeys.numberOf(kind, name));
        return number == null ? 0 : longAt(number, 0);
    }

    private String persistenceIdOf(long number) {
        try {
            byte[] name = store.db().get(ids, JournalKeys.nameOf(JournalKeys.PERSISTENCE_ID_NAME, number));
            if (name == null) {
                throw new IllegalStateException("journal " + store.dir() + " has events of persistence id number "
                        + number + " but no persistence id for it");
            }
            return new String(name, StandardCharsets.UTF_8);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read persistence id number " + number + " in " + store.dir(), e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
