package io.sabot.actors.keys;

import io.sabot.state.keys.LongKeyDictionary;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A 32-bit (Integer) or 64-bit (Long) integer key column. */
public record IntegerKeyColumn(String name, boolean wide) implements KeyColumn {

    @Override
    public void hashCodes(VectorSchemaRoot batch, int[] out) {
        BaseIntVector vector = (BaseIntVector) batch.getVector(name);
        for (int row = 0, rows = batch.getRowCount(); row < rows; row++) {
            long value = valueAt(vector, row);
            out[row] = wide ? Long.hashCode(value) : Integer.hashCode((int) value);
        }
    }

    @Override
    public KeyIndex newIndex() {
        LongKeyDictionary dictionary = new LongKeyDictionary();
        return new KeyIndex() {
            @Override
            public void ids(VectorSchemaRoot batch, int[] out) {
                BaseIntVector vector = (BaseIntVector) batch.getVector(name);
                for (int row = 0, rows = batch.getRowCount(); row < rows; row++) {
                    out[row] = dictionary.idOf(valueAt(vector, row));
                }
            }

            @Override
            public int size() {
                return dictionary.size();
            }

            @Override
            public Object key(int id) {
                long key = dictionary.key(id);
                return wide ? (Object) key : (Object) (int) key;
            }
        };
    }

    private long valueAt(BaseIntVector vector, int row) {
        if (vector.isNull(row)) {
            throw KeyColumn.nullKey(name, row);
        }
        return vector.getValueAsLong(row);
    }
}
