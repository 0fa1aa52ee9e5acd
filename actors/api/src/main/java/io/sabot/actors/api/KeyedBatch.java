package io.sabot.actors.api;

import io.sabot.actors.stream.EventTime;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * An input batch and, when the stream is keyed, the dense id of each row's key:
 * {@code keyIds()[row]} is in {@code 0 … keyCount() − 1}. Ids are stable for the subtask's lifetime,
 * so per-key state can be kept in arrays of length {@link #keyCount()}. {@code dictionaries} holds
 * the values of the batch's dictionary-encoded columns (null if it has none); they pass on to the
 * output unchanged when the function keeps those columns.
 *
 * <p>On a stream with event time, {@link #eventTime()} holds each row's timestamp and the
 * subtask's combined watermark just before the row: a function that fires timers advances them to
 * {@code watermarks()[row]} before it processes the row, which gives the same result as rows
 * arriving one at a time.
 *
 * <p>{@code input} says which input of a two-input agent ({@link CoBatchFunction}) the batch came
 * from: 0 for the first, 1 for the second; always 0 for an agent with one input. On a keyed agent a
 * batch of an input that is not keyed (the broadcast side) has no key ids.
 */
public record KeyedBatch(VectorSchemaRoot root, int[] keyIds, int keyCount, DictionaryProvider dictionaries,
                         EventTime eventTime, int input) {

    /** A batch of the first (or only) input. */
    public KeyedBatch(VectorSchemaRoot root, int[] keyIds, int keyCount, DictionaryProvider dictionaries,
                      EventTime eventTime) {
        this(root, keyIds, keyCount, dictionaries, eventTime, 0);
    }

    /** A batch without dictionary-encoded columns or event time. */
    public KeyedBatch(VectorSchemaRoot root, int[] keyIds, int keyCount) {
        this(root, keyIds, keyCount, null, null, 0);
    }

    public int rowCount() {
        return root.getRowCount();
    }

    public boolean isKeyed() {
        return keyIds != null;
    }

    public boolean hasEventTime() {
        return eventTime != null;
    }
}
