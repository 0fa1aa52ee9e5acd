package io.sabot.supervision;

import java.util.Optional;

/**
 * One child in a {@link Health} view.
 *
 * @param restarts    incarnations started after the first (by its own failure or a sibling's)
 * @param lastFailure the last failure's exception, as {@code toString()} gives it; empty if it never failed
 */
public record ChildHealth(String name, ChildState state, int restarts, Optional<String> lastFailure) {}
