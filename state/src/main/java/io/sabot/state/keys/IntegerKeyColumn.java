package io.sabot.state.keys;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/** A 32-bit (Integer) or 64-bit (Long) integer key column. */
public record IntegerKeyColumn(String name, boolean wide) implements KeyColumn {

    @Override
    public KeyType type() {
        return wide ? KeyType.INT64 : KeyType.INT32;
    }

    @Override
    public void hashCodes(VectorSchemaRoot batch, DictionaryProvider dictionaries, int[] out) {
        BaseIntVector vector = (BaseIntVector) batch.getVector(name);
        for (int row = 0, rows = batch.getRowCount(); row < rows; row++) {
            long value = valueAt(vector, row);
            out[row] = wide ? Long.hashCode(value) : Integer.hashCode((int) value);
        }
    }

    long valueAt(BaseIntVector vector, int row) {
        if (vector.isNull(row)) {
            throw KeyColumn.nullKey(name, row);
        }
        return vector.getValueAsLong(row);
    }
}
