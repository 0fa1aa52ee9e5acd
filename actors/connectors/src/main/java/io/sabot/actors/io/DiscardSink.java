package io.sabot.actors.io;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Drops every batch (benchmarks measure the pipeline, not an output format). */
public final class DiscardSink implements Sink {

    @Override
    public int maxParallelism() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean writesDictionaryEncodedColumns() {
        return true; // nothing to decode for
    }

    @Override
    public SinkWriter createWriter(SinkContext context) {
        return new SinkWriter() {
            @Override
            public void write(VectorSchemaRoot batch) {}

            @Override
            public void finish() {}

            @Override
            public void abort() {}
        };
    }
}
