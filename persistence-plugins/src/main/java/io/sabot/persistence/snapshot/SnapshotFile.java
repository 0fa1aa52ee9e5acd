package io.sabot.persistence.snapshot;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;

/**
 * One complete snapshot file. Its name is the index: {@code snapshot-<sequence nr>-<timestamp>-<crc32c>.<bin|arrow>},
 * so selecting a snapshot needs only a directory listing (which every node sharing the directory
 * sees) and the checksum of the content is fixed when the file appears, by the atomic rename.
 */
record SnapshotFile(Path path, long sequenceNr, long timestamp, int checksum, SnapshotFormat format) {

    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{1,19})-(\\d{1,19})-([0-9a-f]{8})\\.(bin|arrow)");

    /** Newest first: by sequence number, then by timestamp. */
    static final Comparator<SnapshotFile> NEWEST_FIRST = Comparator.comparingLong(SnapshotFile::sequenceNr)
            .thenComparingLong(SnapshotFile::timestamp).reversed();

    static String name(long sequenceNr, long timestamp, int checksum, SnapshotFormat format) {
        return String.format("snapshot-%019d-%d-%08x.%s", sequenceNr, timestamp, checksum, format.extension);
    }

    /** The snapshot file at {@code path}, or empty if the name is not a snapshot file's. */
    static Optional<SnapshotFile> parse(Path path) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SnapshotFile(path, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Integer.parseUnsignedInt(m.group(3), 16), SnapshotFormat.ofExtension(m.group(4))));
        } catch (NumberFormatException e) { // 19 digits beyond Long.MAX_VALUE
            return Optional.empty();
        }
    }

    void checkChecksum(int actual) throws CorruptSnapshotException {
        if (actual != checksum) {
            throw new CorruptSnapshotException(path, String.format(
                    "its CRC-32C is %08x, its name says %08x (truncated or damaged since it was written)", actual, checksum));
        }
    }

    /** Checks that what the content says it holds agrees with the file name and the persistence id asked for. */
    void checkHolds(String persistenceId, long sequenceNr, long timestamp, String expectedPersistenceId)
            throws CorruptSnapshotException {
        if (!persistenceId.equals(expectedPersistenceId) || sequenceNr != this.sequenceNr || timestamp != this.timestamp) {
            throw new CorruptSnapshotException(path, "it holds snapshot " + sequenceNr + " (timestamp " + timestamp
                    + ") of '" + persistenceId + "', not what its name and directory say (snapshot " + this.sequenceNr
                    + ", timestamp " + this.timestamp + " of '" + expectedPersistenceId + "')");
        }
    }

    boolean matches(SnapshotSelectionCriteria criteria) {
        return sequenceNr <= criteria.maxSequenceNr() && timestamp <= criteria.maxTimestamp()
                && sequenceNr >= criteria.minSequenceNr() && timestamp >= criteria.minTimestamp();
    }
}
