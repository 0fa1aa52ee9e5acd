package io.sabot.actors.api;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A vectorized filter: reads a batch's vectors and writes the indices of the rows to keep, in
 * increasing order, into {@code selected} (as long as the batch); returns how many. The kept rows,
 * their event time and dictionaries are gathered in one pass by the runtime.
 */
@FunctionalInterface
public interface BatchPredicate {

    int select(VectorSchemaRoot batch, int[] selected) throws Exception;
}
