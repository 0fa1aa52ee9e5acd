package io.sabot.actors.io;

import io.sabot.actors.api.Source;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.records.RecordType;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Java records from memory, in batches of a chosen size (Flink's {@code fromCollection}): for
 * tests, examples, and small reference inputs. Parallelism 1.
 */
public final class CollectionSource<T extends Record> implements Source {

    private final RecordType<T> type;
    private final List<T> records;
    private final int batchSize;

    private CollectionSource(RecordType<T> type, List<T> records, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
        this.type = type;
        this.records = List.copyOf(records);
        this.batchSize = batchSize;
    }

    public static <T extends Record> CollectionSource<T> of(Class<T> type, List<T> records) {
        return new CollectionSource<>(RecordType.of(type), records, 1024);
    }

    /** Rows per batch (1024 by default). */
    public CollectionSource<T> withBatchSize(int rows) {
        return new CollectionSource<>(type, records, rows);
    }

    @Override
    public Schema schema() {
        return type.schema();
    }

    @Override
    public SourceReader createReader(SourceContext context) {
        return new SourceReader() {
            private int next = (int) Math.min(context.startOffset(), records.size());

            @Override
            public VectorSchemaRoot next() {
                if (next >= records.size()) {
                    return null;
                }
                int end = Math.min(records.size(), next + batchSize);
                try (RecordType<T>.Writer writer = type.writer(context.allocator())) {
                    for (int i = next; i < end; i++) {
                        writer.write(records.get(i));
                    }
                    next = end;
                    return writer.finish();
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
