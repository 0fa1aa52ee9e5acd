package io.sabot.state.ttl;

import io.sabot.state.api.StateTtlConfig;
import io.sabot.state.backend.TtlTimeProvider;

/**
 * The TTL rules of one state, as Flink applies them: what is stored (the value, or the value with
 * its last-access time), when it has expired ({@code lastAccess + ttl <= now}), whether an expired
 * value may still be returned, and when the timestamp is refreshed.
 */
public final class Ttl {

    private final StateTtlConfig config;
    private final TtlTimeProvider clock;
    private final long ttlMillis;

    public Ttl(StateTtlConfig config, TtlTimeProvider clock) {
        this.config = config;
        this.clock = clock;
        this.ttlMillis = config.getTtl().toMillis();
    }

    public boolean enabled() {
        return config.isEnabled();
    }

    public StateTtlConfig config() {
        return config;
    }

    /** What to store for a freshly written {@code value}. */
    public Object wrap(Object value) {
        return enabled() ? new TtlValue<>(value, clock.currentTimestamp()) : value;
    }

    /** The user value inside a stored value. */
    @SuppressWarnings("unchecked")
    public <T> T unwrap(Object stored) {
        return (T) (enabled() ? ((TtlValue<?>) stored).value() : stored);
    }

    public boolean isExpired(Object stored, long now) {
        return enabled() && ((TtlValue<?>) stored).lastAccess() + ttlMillis <= now;
    }

    public boolean isExpired(Object stored) {
        return isExpired(stored, clock.currentTimestamp());
    }

    public boolean returnExpired() {
        return config.getStateVisibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp;
    }

    public boolean refreshOnRead() {
        return config.getUpdateType() == StateTtlConfig.UpdateType.OnReadAndWrite;
    }

    /** The stored value with its timestamp set to now. */
    public Object touch(Object stored) {
        return new TtlValue<>(((TtlValue<?>) stored).value(), clock.currentTimestamp());
    }

    public long now() {
        return clock.currentTimestamp();
    }
}
