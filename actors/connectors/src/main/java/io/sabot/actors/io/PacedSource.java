package io.sabot.actors.io;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A source read at most {@code rowsPerSecond} rows per second (over all its subtasks): a file of
 * market data replayed at the pace it was recorded, or slowly enough to watch. The runtime paces
 * it between batches, without blocking, so barriers and credits are handled meanwhile.
 */
public final class PacedSource implements Source {

    private final Source source;
    private final long rowsPerSecond;

    private PacedSource(Source source, long rowsPerSecond) {
        if (rowsPerSecond < 1) {
            throw new IllegalArgumentException("a pace must be at least 1 row per second, was " + rowsPerSecond);
        }
        this.source = source;
        this.rowsPerSecond = rowsPerSecond;
    }

    /** {@code source} at most {@code rowsPerSecond}; 0 leaves it unpaced. */
    public static Source of(Source source, long rowsPerSecond) {
        return rowsPerSecond == 0 ? source : new PacedSource(source, rowsPerSecond);
    }

    @Override
    public Schema schema() {
        return source.schema();
    }

    @Override
    public int maxParallelism() {
        return source.maxParallelism();
    }

    @Override
    public long maxRowsPerSecond() {
        return rowsPerSecond;
    }

    @Override
    public SourceReader createReader(SourceContext context) throws IOException {
        return source.createReader(context);
    }
}
