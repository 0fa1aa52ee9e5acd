package io.sabot.actors.records;

import io.sabot.actors.api.KeyedBatch;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** The record types a per-record agent reads its inputs as: input {@code i} (of one or two) as {@code types.get(i)}. */
final class RecordInputs<I extends Record> {

    private final List<RecordType<? extends I>> types;

    RecordInputs(List<Class<? extends I>> inputs) {
        this.types = inputs.stream().<RecordType<? extends I>>map(RecordType::of).toList();
    }

    /** Checks that input {@code i} can be read from {@code schemas[i]}, naming the first column that does not fit. */
    void checkReadableFrom(Schema... schemas) {
        for (int i = 0; i < schemas.length; i++) {
            types.get(i).checkReadableFrom(schemas[i]);
        }
    }

    /** Reads the rows of {@code batch} as records of its input's type. */
    RecordType<? extends I>.Reader reader(KeyedBatch batch) {
        return types.get(batch.input()).reader(batch.root());
    }
}
