package io.sabot.state.keys;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/** A UTF-8 (String) key column, read straight from Arrow memory. */
public record Utf8KeyColumn(String name) implements KeyColumn {

    @Override
    public KeyType type() {
        return KeyType.UTF8;
    }

    @Override
    public void hashCodes(VectorSchemaRoot batch, DictionaryProvider dictionaries, int[] out) {
        VarCharVector vector = (VarCharVector) batch.getVector(name);
        boolean mayHaveNulls = vector.getNullCount() > 0;
        long offsets = vector.getOffsetBufferAddress();
        long data = vector.getDataBufferAddress();
        int rows = batch.getRowCount();
        for (int row = 0; row < rows; row++) {
            if (mayHaveNulls && vector.isNull(row)) {
                throw KeyColumn.nullKey(name, row);
            }
            int start = MemoryUtil.getInt(offsets + 4L * row);
            int end = MemoryUtil.getInt(offsets + 4L * row + 4);
            out[row] = Utf8Hash.javaStringHashCode(data + start, end - start);
        }
    }
}
