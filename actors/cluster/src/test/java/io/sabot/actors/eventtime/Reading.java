package io.sabot.actors.eventtime;

/** A test input row: a key, an event timestamp (ms) and a value. */
public record Reading(String key, long ts, double value) {}
