package io.sabot.persistence.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot file whose content is not what its name and header promise; the message names the file. */
public final class CorruptSnapshotException extends IOException {

    CorruptSnapshotException(Path file, String reason) {
        super("snapshot file " + file + " is corrupt: " + reason);
    }
}
