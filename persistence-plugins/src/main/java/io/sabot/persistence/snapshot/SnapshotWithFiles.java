package io.sabot.persistence.snapshot;

import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot that needs files besides itself: state written by another library (a RocksDB
 * checkpoint, Arrow files), or too large to serialize into one message. Write the files into the
 * persistence id's file directory ({@link FileSnapshotStore#filesDirectory}), then save this with
 * their paths relative to it. The store keeps each file as long as some snapshot of the persistence
 * id lists it (so consecutive snapshots can share files: incremental snapshots), checks on load that
 * every listed file is there with the size it had when saved (else the snapshot counts as damaged
 * and an older one is loaded), and deletes a file together with the last snapshot that lists it.
 * Loading gives back a {@code SnapshotWithFiles} with the same relative paths.
 *
 * @param snapshot the snapshot itself: anything Pekko serialization can serialize
 * @param files    paths relative to the persistence id's file directory, inside it
 */
public record SnapshotWithFiles(Object snapshot, List<String> files) {

    public SnapshotWithFiles {
        if (snapshot instanceof ArrowTableSnapshot) {
            throw new IllegalArgumentException("an ArrowTableSnapshot is saved as it is: it cannot have files");
        }
        files = List.copyOf(files);
        for (String file : files) {
            Path path = Path.of(file);
            if (path.isAbsolute() || path.normalize().startsWith("..") || path.normalize().toString().isEmpty()) {
                throw new IllegalArgumentException("a snapshot's file must be a path inside its file directory, was '"
                        + file + "'");
            }
        }
    }
}
