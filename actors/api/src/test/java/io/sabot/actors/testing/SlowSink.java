package io.sabot.actors.testing;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes nothing, slowly: 2 ms per batch. Counts the rows and remembers the size of the last batch. */
public final class SlowSink implements Sink {

    public final AtomicLong rows = new AtomicLong();
    public final AtomicLong batchBytes = new AtomicLong();

    @Override
    public SinkWriter createWriter(SinkContext context) {
        return new SinkWriter() {
            @Override
            public void write(VectorSchemaRoot batch) {
                rows.addAndGet(batch.getRowCount());
                batchBytes.set(batch.getFieldVectors().stream().mapToLong(v -> v.getBufferSize()).sum());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void finish() {}

            @Override
            public void abort() {}
        };
    }
}
