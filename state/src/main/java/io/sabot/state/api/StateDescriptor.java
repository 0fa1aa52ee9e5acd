package io.sabot.state.api;

import io.sabot.state.serialization.TypeSerializer;
import java.util.Objects;

/**
 * Names a keyed state, its kind and how its values are serialized; the name identifies the state
 * in snapshots. A TTL is set with {@link #enableTimeToLive}.
 */
public abstract class StateDescriptor<T> {

    /** The kinds of keyed state. */
    public enum Kind { VALUE, LIST, MAP, REDUCING, AGGREGATING }

    private final String name;
    private final TypeSerializer<T> serializer;
    private StateTtlConfig ttlConfig = StateTtlConfig.DISABLED;

    protected StateDescriptor(String name, TypeSerializer<T> serializer) {
        Objects.requireNonNull(name, "a state needs a name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a state name must not be blank");
        }
        this.name = name;
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    public String getName() {
        return name;
    }

    public abstract Kind kind();

    /** The serializer of what is stored per key (for a map: of the values; for aggregating: of the accumulator). */
    public TypeSerializer<T> getSerializer() {
        return serializer;
    }

    public void enableTimeToLive(StateTtlConfig ttlConfig) {
        this.ttlConfig = Objects.requireNonNull(ttlConfig);
    }

    public StateTtlConfig getTtlConfig() {
        return ttlConfig;
    }

    @Override
    public String toString() {
        return kind().name().toLowerCase(java.util.Locale.ROOT) + " state '" + name + "'";
    }
}
