package io.sabot.persistence.journal;

import java.nio.charset.StandardCharsets;

/**
 * The byte layout of the journal's keys. Persistence ids and tags are replaced by numbers (assigned
 * on first write) so that keys are 16 fixed bytes that sort by (number, sequence) as big-endian
 * longs: replaying an entity or a tag is one range scan, and no persistence id can be a prefix of
 * another's keys.
 *
 * <pre>
 * events:  [persistence id number][sequence nr]  → event record (PersistentReprCodec)
 * tags:    [tag number][ordering]                → events key of the tagged event
 * default: 'P' persistence id (UTF-8) → number   'p' number → persistence id
 *          'T' tag (UTF-8) → number              't' number → tag
 *          'H' persistence id number → highest sequence nr, kept when events are deleted
 *          'O' → the last ordering given to a tagged event
 * </pre>
 */
final class JournalKeys {

    static final byte[] LAST_ORDERING = {'O'};
    static final byte PERSISTENCE_ID_NUMBER = 'P';
    static final byte PERSISTENCE_ID_NAME = 'p';
    static final byte TAG_NUMBER = 'T';
    static final byte TAG_NAME = 't';
    private static final byte HIGHEST_SEQUENCE_NR = 'H';

    private JournalKeys() {
    }

    static byte[] event(long persistenceIdNumber, long sequenceNr) {
        return pair(persistenceIdNumber, sequenceNr);
    }

    static byte[] tagEntry(long tagNumber, long ordering) {
        return pair(tagNumber, ordering);
    }

    /** Key of a name's number: kind ('P' or 'T') then the UTF-8 name. */
    static byte[] numberOf(byte kind, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[1 + utf8.length];
        key[0] = kind;
        System.arraycopy(utf8, 0, key, 1, utf8.length);
        return key;
    }

    /** Key of a number's name: kind ('p' or 't') then the number. */
    static byte[] nameOf(byte kind, long number) {
        byte[] key = new byte[9];
        key[0] = kind;
        putLong(key, 1, number);
        return key;
    }

    static byte[] highestSequenceNr(long persistenceIdNumber) {
        return nameOf(HIGHEST_SEQUENCE_NR, persistenceIdNumber);
    }

    static byte[] pair(long high, long low) {
        byte[] key = new byte[16];
        putLong(key, 0, high);
        putLong(key, 8, low);
        return key;
    }

    static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        putLong(bytes, 0, value);
        return bytes;
    }

    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static void putLong(byte[] bytes, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }
}
