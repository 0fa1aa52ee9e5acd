package io.sabot.state.backend;

import java.io.IOException;

/**
 * The second, slow half of a snapshot: the state was captured when it was created; writing it may
 * run on another thread while processing goes on. A failure (a full disk) fails this snapshot only.
 */
@FunctionalInterface
public interface SnapshotWriter {

    SnapshotHandle write() throws IOException;
}
