package io.sabot.actors.api;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * An input batch and, when the stream is keyed, the dense id of each row's key:
 * {@code keyIds()[row]} is in {@code 0 … keyCount() − 1}. Ids are stable for the subtask's lifetime,
 * so per-key state can be kept in arrays of length {@link #keyCount()}. {@code dictionaries} holds
 * the values of the batch's dictionary-encoded columns (null if it has none); they pass on to the
 * output unchanged when the function keeps those columns.
 */
public record KeyedBatch(VectorSchemaRoot root, int[] keyIds, int keyCount, DictionaryProvider dictionaries) {

    /** A batch without dictionary-encoded columns. */
    public KeyedBatch(VectorSchemaRoot root, int[] keyIds, int keyCount) {
        this(root, keyIds, keyCount, null);
    }

    public int rowCount() {
        return root.getRowCount();
    }

    public boolean isKeyed() {
        return keyIds != null;
    }
}
