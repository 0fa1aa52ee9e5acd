package io.sabot.actors.records;

import io.sabot.state.api.KeyedStateStore;
import io.sabot.state.api.MapState;
import io.sabot.state.api.MapStateDescriptor;
import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.serialization.ListSerializer;
import io.sabot.state.serialization.TypeSerializer;
import io.sabot.state.serialization.TypeSerializers;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * One side's buffered elements of an interval join, for the current key, in the keyed state
 * backend: the elements by timestamp (a map state {@code name}, timestamp → elements in arrival
 * order, as Flink's {@code IntervalJoinOperator} keeps them) and the sorted timestamps present
 * (a value state {@code name + "-times"}).
 *
 * <p>Why the second: a lookup reads only the buckets within the bounds, by point reads, where
 * Flink iterates over the key's whole buffer. On RocksDB that iteration is a seek per element, and
 * seeks slow down over the tombstones that cleanup leaves behind.
 *
 * <p>Invariant, per key: the timestamps state holds exactly the map's keys, ascending, and is
 * absent when the map is empty.
 */
final class JoinBuffer<T> {

    private final MapState<Long, ArrayList<T>> buckets;
    private final ValueState<long[]> timestamps;

    JoinBuffer(KeyedStateStore state, String name, TypeSerializer<T> elements) {
        this.buckets = state.getMapState(new MapStateDescriptor<>(name, TypeSerializers.LONG,
                new ListSerializer<>(elements)));
        this.timestamps = state.getState(new ValueStateDescriptor<>(name + "-times", TypeSerializers.LONG_ARRAY));
    }

    /** Adds {@code value} at {@code timestamp}, after the elements already there. */
    void add(long timestamp, T value) throws Exception {
        ArrayList<T> bucket = buckets.get(timestamp);
        if (bucket == null) {
            bucket = new ArrayList<>(2);
            timestamps.update(inserted(timestamps.value(), timestamp));
        }
        bucket.add(value);
        buckets.put(timestamp, bucket);
    }

    /** The timestamps with elements, ascending (an empty array when there are none); do not change it. */
    long[] timestamps() throws Exception {
        long[] present = timestamps.value();
        return present == null ? new long[0] : present;
    }

    /** The elements at {@code timestamp}, one of {@link #timestamps()}; do not change the list. */
    ArrayList<T> elementsAt(long timestamp) throws Exception {
        return buckets.get(timestamp);
    }

    /** Removes every element at {@code timestamp} (none there: nothing happens). */
    void remove(long timestamp) throws Exception {
        long[] present = timestamps.value();
        int at = present == null ? -1 : Arrays.binarySearch(present, timestamp);
        if (at < 0) {
            return;
        }
        buckets.remove(timestamp);
        if (present.length == 1) {
            timestamps.clear();
            return;
        }
        long[] rest = new long[present.length - 1];
        System.arraycopy(present, 0, rest, 0, at);
        System.arraycopy(present, at + 1, rest, at, rest.length - at);
        timestamps.update(rest);
    }

    /** The index of the first of {@code sorted} at or after {@code from} ({@code sorted.length}: none). */
    static int firstAtOrAfter(long[] sorted, long from) {
        int at = Arrays.binarySearch(sorted, from);
        return at >= 0 ? at : -at - 1;
    }

    /** A new array: {@code sorted} (may be null) with {@code timestamp}, which it lacks, in its place. */
    private static long[] inserted(long[] sorted, long timestamp) {
        if (sorted == null) {
            return new long[] {timestamp};
        }
        int at = firstAtOrAfter(sorted, timestamp);
        long[] grown = new long[sorted.length + 1];
        System.arraycopy(sorted, 0, grown, 0, at);
        grown[at] = timestamp;
        System.arraycopy(sorted, at, grown, at + 1, sorted.length - at);
        return grown;
    }
}
