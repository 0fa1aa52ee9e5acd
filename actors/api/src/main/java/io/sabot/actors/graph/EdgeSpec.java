package io.sabot.actors.graph;

/**
 * A data edge between two vertices; {@code keyColumn} is set for {@link Partitioning#KEY_GROUPS};
 * {@code outputTag} names the side output of {@code from} it carries (null: the main output);
 * {@code input} is the input of {@code to} it feeds (0, or 1 for the second input of a two-input agent).
 */
public record EdgeSpec(String from, String to, Partitioning partitioning, String keyColumn, String outputTag, int input) {}
