package io.sabot.actors.records;

import io.sabot.actors.api.AgentContext;
import io.sabot.actors.api.BatchFunction;
import io.sabot.actors.api.BatchPredicate;
import io.sabot.actors.api.FilterFunction;
import io.sabot.actors.api.KeyedBatch;
import io.sabot.actors.batch.Batches;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A filter: decides which rows to keep — per record with a {@link FilterFunction}, or vectorized
 * with a {@link BatchPredicate} — then emits the kept rows' columns, event time and dictionaries
 * gathered in one pass. The output has the input's schema; nothing is converted back from records.
 */
public final class FilterAgent implements BatchFunction {

    private final BatchPredicate predicate;
    private final RecordType<?> recordType; // null: a vectorized predicate
    private AgentContext agent;
    private int[] selected = new int[0];

    private FilterAgent(BatchPredicate predicate, RecordType<?> recordType) {
        this.predicate = predicate;
        this.recordType = recordType;
    }

    /** Keeps the rows whose record (read as {@code type}) passes {@code filter}. */
    public static <T extends Record> FilterAgent of(FilterFunction<T> filter, Class<T> type) {
        RecordType<T> records = RecordType.of(type);
        return new FilterAgent((batch, selected) -> {
            RecordType<T>.Reader reader = records.reader(batch);
            int kept = 0;
            for (int row = 0; row < batch.getRowCount(); row++) {
                if (filter.filter(reader.read(row))) {
                    selected[kept++] = row;
                }
            }
            return kept;
        }, records);
    }

    /** Keeps the rows {@code predicate} selects. */
    public static FilterAgent of(BatchPredicate predicate) {
        return new FilterAgent(predicate, null);
    }

    @Override
    public Schema outputSchema(Schema input) {
        if (recordType != null) {
            recordType.checkReadableFrom(input);
        }
        return input;
    }

    @Override
    public void open(AgentContext context) {
        this.agent = context;
    }

    @Override
    public VectorSchemaRoot process(KeyedBatch input) throws Exception {
        int rows = input.rowCount();
        if (selected.length < rows) {
            selected = new int[Math.max(rows, selected.length * 2)];
        }
        int kept = predicate.select(input.root(), selected);
        if (kept == rows) {
            return Batches.transfer(input.root(), agent.allocator()); // all kept: moved on as it is, event time and all
        }
        if (kept > 0) {
            agent.emitRows(input, selected, kept);
        }
        return null;
    }
}
