package io.sabot.state.backend;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot file that is truncated, altered or not a snapshot; the message names the file. */
public class CorruptSnapshotException extends IOException {

    public CorruptSnapshotException(Path file, String problem) {
        super("snapshot file " + file + " is corrupt: " + problem);
    }
}
