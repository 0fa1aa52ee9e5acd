package io.sabot.actors.io;

import io.sabot.actors.api.Sink;
import io.sabot.actors.api.SinkContext;
import io.sabot.actors.api.SinkWriter;
import io.sabot.actors.records.RecordType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Collects a job's output in memory as Java records, for tests and for embedding a job in an
 * application on a single node. Records of all subtasks land in one list, each subtask's in order.
 */
public final class CollectSink<T extends Record> implements Sink {

    private final RecordType<T> type;
    private final List<T> records = Collections.synchronizedList(new ArrayList<>());

    private CollectSink(Class<T> type) {
        this.type = RecordType.of(type);
    }

    public static <T extends Record> CollectSink<T> of(Class<T> type) {
        return new CollectSink<>(type);
    }

    /** A copy of what has been collected so far. */
    public List<T> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    @Override
    public void validate(Schema schema) {
        type.checkReadableFrom(schema);
    }

    @Override
    public int maxParallelism() {
        return Integer.MAX_VALUE;
    }

    @Override
    public SinkWriter createWriter(SinkContext context) {
        return new SinkWriter() {
            private final List<T> pending = new ArrayList<>();

            @Override
            public void write(VectorSchemaRoot batch) {
                RecordType<T>.Reader reader = type.reader(batch);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    pending.add(reader.read(row));
                }
            }

            @Override
            public void finish() {
                records.addAll(pending);
            }

            @Override
            public void abort() {
                pending.clear();
            }
        };
    }
}
