package io.sabot.actors.keys;

import io.sabot.state.keys.Utf8Hash;
import io.sabot.state.keys.Utf8KeyDictionary;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A UTF-8 (String) key column, read straight from Arrow memory. */
public record Utf8KeyColumn(String name) implements KeyColumn {

    @Override
    public void hashCodes(VectorSchemaRoot batch, int[] out) {
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

    @Override
    public KeyIndex newIndex() {
        return new Index(this);
    }

    private static final class Index implements KeyIndex {
        private final Utf8KeyColumn column;
        private final Utf8KeyDictionary dictionary = new Utf8KeyDictionary();

        Index(Utf8KeyColumn column) {
            this.column = column;
        }

        @Override
        public void ids(VectorSchemaRoot batch, int[] out) {
            column.hashCodes(batch, out); // also rejects null keys
            VarCharVector vector = (VarCharVector) batch.getVector(column.name());
            long offsets = vector.getOffsetBufferAddress();
            long data = vector.getDataBufferAddress();
            for (int row = 0, rows = batch.getRowCount(); row < rows; row++) {
                int start = MemoryUtil.getInt(offsets + 4L * row);
                int length = MemoryUtil.getInt(offsets + 4L * row + 4) - start;
                out[row] = dictionary.idOf(data + start, length, out[row]);
            }
        }

        @Override
        public int size() {
            return dictionary.size();
        }

        @Override
        public Object key(int id) {
            return dictionary.key(id);
        }
    }
}
