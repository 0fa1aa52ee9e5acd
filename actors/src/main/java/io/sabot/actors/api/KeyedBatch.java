package io.sabot.actors.api;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An input batch and, when the stream is keyed, the dense id of each row's key:
 * {@code keyIds()[row]} is in {@code 0 … keyCount() − 1}. Ids are stable for the subtask's lifetime,
 * so per-key state can be kept in arrays of length {@link #keyCount()}.
 */
public record KeyedBatch(VectorSchemaRoot root, int[] keyIds, int keyCount) {

    public int rowCount() {
        return root.getRowCount();
    }

    public boolean isKeyed() {
        return keyIds != null;
    }
}
