package io.sabot.state.backend;

import io.sabot.state.api.StateDescriptor;

/**
 * What a snapshot records about each state so that restoring checks it is read back as the same
 * thing: the kind, the serializer ids and whether values carry a TTL timestamp.
 */
public record StateMeta(String name, Kind kind, String valueSerializer, String userKeySerializer, boolean ttl) {

    /** Keyed object states plus the two numeric column kinds. */
    public enum Kind { VALUE, LIST, MAP, REDUCING, AGGREGATING, DOUBLE_COLUMN, LONG_COLUMN, TIMERS }

    public static StateMeta of(StateDescriptor<?> descriptor) {
        String userKey = descriptor instanceof io.sabot.state.api.MapStateDescriptor<?, ?> map
                ? map.getKeySerializer().id() : "";
        return new StateMeta(descriptor.getName(), Kind.valueOf(descriptor.kind().name()),
                descriptor.getSerializer().id(), userKey, descriptor.getTtlConfig().isEnabled());
    }

    public static StateMeta column(String name, Kind kind) {
        return new StateMeta(name, kind, kind == Kind.DOUBLE_COLUMN ? "double" : "long", "", false);
    }

    /**
     * The state name of element {@code index} of a numeric column {@code width} values wide: the
     * column's own name when it is one wide, else {@code name[index]}. Snapshots, exports and
     * restores treat every element as a column of its own, so a wide column restores into any backend.
     */
    public static String columnElement(String column, int width, int index) {
        return width == 1 ? column : column + "[" + index + "]";
    }

    public static StateMeta timers(String name) {
        return new StateMeta(name, Kind.TIMERS, "timer", "", false);
    }

    /** Fails unless {@code registered} reads what this snapshot wrote. */
    public void checkCompatible(StateMeta registered) {
        if (!equals(registered)) {
            throw new IllegalStateException("state '" + name + "' was snapshotted as " + describe()
                    + " but is now registered as " + registered.describe());
        }
    }

    private String describe() {
        return kind + " of " + valueSerializer + (userKeySerializer.isEmpty() ? "" : " by " + userKeySerializer)
                + (ttl ? " with TTL" : "");
    }
}
