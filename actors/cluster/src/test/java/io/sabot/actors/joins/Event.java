package io.sabot.actors.joins;

/** A row of either join input: a key, an event timestamp (ms) and an id that names it in the output. */
public record Event(String key, long ts, long id) {}
