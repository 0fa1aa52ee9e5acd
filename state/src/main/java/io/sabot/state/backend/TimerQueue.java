package io.sabot.state.backend;

/**
 * Timers of one kind (event time, processing time) of a subtask, stored in its keyed state backend
 * so that snapshots include them. One timer per (key, timestamp, namespace); timers leave in
 * timestamp order. A namespace tells timers of one key apart (a window); user timers use an empty one.
 */
public interface TimerQueue {

    /** A due timer: its time, its key (String, Integer or Long) and namespace. */
    record Timer(long timestamp, Object key, byte[] namespace) {}

    /** Registers a timer for the backend's current key; registering it again changes nothing. */
    void add(long timestamp, byte[] namespace);

    /** Deletes the current key's timer, if there is one. */
    void remove(long timestamp, byte[] namespace);

    /** The earliest timer's time, or {@code Long.MAX_VALUE} when there is none. */
    long nextTimestamp();

    /** Removes and returns the earliest timer if it is due at {@code upTo} (its time <= upTo), else null. */
    Timer pollUpTo(long upTo);

    /** How many timers are registered. */
    long size();
}
