package io.sabot.state.api;

import java.util.Objects;

/** Names a {@link ValueState} and its value type; the name identifies the state in snapshots. */
public record ValueStateDescriptor<T>(String name, Class<T> type) {

    public ValueStateDescriptor {
        Objects.requireNonNull(name, "a state needs a name");
        Objects.requireNonNull(type, "a state needs a value type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a state name must not be blank");
        }
    }
}
