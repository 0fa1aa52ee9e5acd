package io.sabot.state.keys;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * A dictionary-encoded UTF-8 key column: each row holds an index into the batch's dictionary
 * {@code dictionaryId} of strings. The key is the string, so a row hashes and routes exactly as the
 * same string in a plain utf8 column (Flink's key groups). Every dictionary entry a batch uses is
 * hashed (or looked up) once; each row then costs only an index read.
 */
public record DictionaryKeyColumn(String name, long dictionaryId) implements KeyColumn {

    @Override
    public KeyType type() {
        return KeyType.UTF8;
    }

    @Override
    public void hashCodes(VectorSchemaRoot batch, DictionaryProvider dictionaries, int[] out) {
        VarCharVector dictionary = dictionary(dictionaries);
        Indices indices = indices(batch, dictionary.getValueCount());
        int[] hashes = new int[dictionary.getValueCount()];
        boolean[] hashed = new boolean[hashes.length];
        long offsets = dictionary.getOffsetBufferAddress();
        long data = dictionary.getDataBufferAddress();
        for (int row = 0, rows = batch.getRowCount(); row < rows; row++) {
            int entry = indices.at(row);
            if (!hashed[entry]) {
                int start = MemoryUtil.getInt(offsets + 4L * entry);
                int end = MemoryUtil.getInt(offsets + 4L * entry + 4);
                hashes[entry] = Utf8Hash.javaStringHashCode(data + start, end - start);
                hashed[entry] = true;
            }
            out[row] = hashes[entry];
        }
    }

    /** The batch's dictionary of this column: its strings. */
    VarCharVector dictionary(DictionaryProvider dictionaries) {
        Dictionary dictionary = dictionaries == null ? null : dictionaries.lookup(dictionaryId);
        if (dictionary == null) {
            throw new IllegalArgumentException("key column '" + name + "' is dictionary-encoded (dictionary "
                    + dictionaryId + ") but the batch carries no such dictionary");
        }
        if (!(dictionary.getVector() instanceof VarCharVector strings)) {
            throw new IllegalArgumentException("key column '" + name + "' is dictionary-encoded with "
                    + dictionary.getVectorType() + " values; a dictionary-encoded key must have utf8 values");
        }
        return strings;
    }

    /** The batch's indices into a dictionary of {@code size} entries. */
    Indices indices(VectorSchemaRoot batch, int size) {
        return new Indices((BaseIntVector) batch.getVector(name), size);
    }

    /** Reads the indices of one batch, checked against the dictionary's size. */
    final class Indices {
        private final BaseIntVector vector;
        private final long int32Values; // the values of an int32 vector (the common case), else 0
        private final boolean mayHaveNulls;
        private final int size;

        private Indices(BaseIntVector vector, int size) {
            this.vector = vector;
            this.int32Values = vector instanceof IntVector ints ? ints.getDataBufferAddress() : 0;
            this.mayHaveNulls = vector.getNullCount() > 0;
            this.size = size;
        }

        /** Row {@code row}'s index. */
        int at(int row) {
            if (mayHaveNulls && vector.isNull(row)) {
                throw KeyColumn.nullKey(name, row);
            }
            long index = int32Values != 0 ? MemoryUtil.getInt(int32Values + 4L * row) : vector.getValueAsLong(row);
            if (index < 0 || index >= size) {
                throw new IllegalArgumentException("key column '" + name + "' row " + row + " holds index " + index
                        + ", outside its dictionary of " + size + " entries");
            }
            return (int) index;
        }
    }
}
