package io.sabot.actors.graph;

/** A data edge between two vertices; {@code keyColumn} is set for {@link Partitioning#KEY_GROUPS}. */
public record EdgeSpec(String from, String to, Partitioning partitioning, String keyColumn) {}
