package io.sabot.actors.joins;

/** A joined pair: the key, both elements' ids and timestamps, and the pair's event timestamp. */
public record Pair(String key, long leftId, long rightId, long leftTs, long rightTs, long timestamp) {

    Pair withTimestamp(long newTimestamp) {
        return new Pair(key, leftId, rightId, leftTs, rightTs, newTimestamp);
    }
}
