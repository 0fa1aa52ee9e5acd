package io.sabot.state.ttl;

/** A stored value with the time it was last written (or read, with OnReadAndWrite). */
public record TtlValue<T>(T value, long lastAccess) {}
