package io.sabot.actors.graph;

/**
 * A data edge between two vertices; {@code keyColumn} is set for {@link Partitioning#KEY_GROUPS};
 * {@code outputTag} names the side output of {@code from} it carries (null: the main output).
 */
public record EdgeSpec(String from, String to, Partitioning partitioning, String keyColumn, String outputTag) {}
