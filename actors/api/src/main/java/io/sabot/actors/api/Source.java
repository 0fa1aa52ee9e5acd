package io.sabot.actors.api;

import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Where a job's data comes from. A source knows its schema up front (so the job graph can be
 * checked before it runs) and can be replayed from an offset: the number of rows already emitted.
 */
public interface Source {

    Schema schema();

    /** The largest parallelism this source supports (a single file: 1). */
    default int maxParallelism() {
        return 1;
    }

    /**
     * At most this many rows per second over all subtasks (a market-data replay at its own pace);
     * 0, the default: as fast as the job takes them.
     */
    default long maxRowsPerSecond() {
        return 0;
    }

    /** A reader for one subtask, positioned where {@code context} says (see {@link SourceContext}). */
    SourceReader createReader(SourceContext context) throws IOException;
}
