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
        BaseIntVector indices = (BaseIntVector) batch.getVector(name);
        int[] hashes = new int[dictionary.getValueCount()];
        boolean[] hashed = new boolean[hashes.length];
        long offsets = dictionary.getOffsetBufferAddress();
        long data = dictionary.getDataBufferAddress();
        for (int row = 0, rows = batch.getRowCount(); row < rows; row++) {
            int entry = index(indices, row, hashes.length);
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

    /** Row {@code row}'s index into a dictionary of {@code size} entries, checked. */
    int index(BaseIntVector indices, int row, int size) {
        if (indices.isNull(row)) {
            throw KeyColumn.nullKey(name, row);
        }
        long index = indices instanceof IntVector ints
                ? MemoryUtil.getInt(ints.getDataBufferAddress() + 4L * row) : indices.getValueAsLong(row);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("key column '" + name + "' row " + row + " holds index " + index
                    + ", outside its dictionary of " + size + " entries");
        }
        return (int) index;
    }
}
