package io.sabot.actors.keys;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Dense ids 0, 1, 2, … for the keys one subtask has seen, in order of first appearance, so that
 * per-key state can sit in primitive arrays indexed by id.
 */
public interface KeyIndex {

    /** Writes the id of every row's key into {@code out[0..rowCount)}, adding unseen keys. */
    void ids(VectorSchemaRoot batch, int[] out);

    /** How many distinct keys have been seen. */
    int size();

    /** The key with id {@code id} as a Java value (String, Integer or Long). */
    Object key(int id);
}
