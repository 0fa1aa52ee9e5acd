package io.sabot.actors.eventtime;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.records.RecordType;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A parallel source of readings whose subtasks follow a script: stay silent for a while, emit their
 * readings in batches, then stay silent until a condition holds. Silence is empty batches a few
 * milliseconds apart (so the source keeps running its periodic watermark work, as a live source
 * waiting for data does).
 */
final class ScriptedSource implements Source {

    /** What one subtask does. */
    record Script(long silentFirstMillis, List<Reading> readings, BooleanSupplier endWhen) {}

    /** An end condition: true once the subtask has been silent (all its readings sent) for {@code millis}. */
    static BooleanSupplier afterSilence(long millis) {
        long[] silentSince = {-1};
        return () -> {
            long now = System.currentTimeMillis();
            if (silentSince[0] < 0) {
                silentSince[0] = now;
            }
            return now - silentSince[0] > millis;
        };
    }

    private static final RecordType<Reading> TYPE = RecordType.of(Reading.class);
    private final List<Script> scripts;
    private final int batchSize;

    ScriptedSource(int batchSize, Script... scripts) {
        this.scripts = List.of(scripts);
        this.batchSize = batchSize;
    }

    @Override
    public Schema schema() {
        return TYPE.schema();
    }

    @Override
    public int maxParallelism() {
        return scripts.size();
    }

    @Override
    public SourceReader createReader(SourceContext context) {
        Script script = scripts.get(context.subtaskIndex());
        long start = System.currentTimeMillis();
        return new SourceReader() {
            private int next;

            @Override
            public VectorSchemaRoot next() throws java.io.IOException {
                boolean silent = System.currentTimeMillis() - start < script.silentFirstMillis()
                        || next == script.readings().size();
                if (silent && next == script.readings().size() && script.endWhen().getAsBoolean()) {
                    return null;
                }
                try (RecordType<Reading>.Writer writer = TYPE.writer(context.allocator())) {
                    if (silent) {
                        pause();
                    } else {
                        int end = Math.min(script.readings().size(), next + batchSize);
                        for (; next < end; next++) {
                            writer.write(script.readings().get(next));
                        }
                    }
                    return writer.finish();
                }
            }

            private void pause() throws java.io.IOException {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }

            @Override
            public long offset() {
                return next;
            }

            @Override
            public void close() {}
        };
    }
}
