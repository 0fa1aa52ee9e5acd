package io.sabot.state.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Time-to-live of keyed state, with Flink's options and semantics. A value (a list element, a map
 * entry) expires when {@code lastAccess + ttl <= now} on the processing-time clock.
 *
 * <pre>{@code
 * StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMinutes(10))
 *     .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
 *     .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
 *     .cleanupIncrementally(10, false)
 *     .build();
 * }</pre>
 */
public final class StateTtlConfig {

    /** When the last-access timestamp is refreshed. */
    public enum UpdateType { Disabled, OnCreateAndWrite, OnReadAndWrite }

    /** Whether an expired value that is still stored may be returned. */
    public enum StateVisibility { ReturnExpiredIfNotCleanedUp, NeverReturnExpired }

    public static final StateTtlConfig DISABLED = new StateTtlConfig(Duration.ZERO, UpdateType.Disabled,
            StateVisibility.NeverReturnExpired, false, 0, false, false);

    private final Duration ttl;
    private final UpdateType updateType;
    private final StateVisibility visibility;
    private final boolean cleanupFullSnapshot;
    private final int incrementalCleanupSize;
    private final boolean incrementalCleanupForEveryRecord;
    private final boolean compactionFilterCleanup;

    private StateTtlConfig(Duration ttl, UpdateType updateType, StateVisibility visibility, boolean cleanupFullSnapshot,
                           int incrementalCleanupSize, boolean incrementalCleanupForEveryRecord,
                           boolean compactionFilterCleanup) {
        this.ttl = ttl;
        this.updateType = updateType;
        this.visibility = visibility;
        this.cleanupFullSnapshot = cleanupFullSnapshot;
        this.incrementalCleanupSize = incrementalCleanupSize;
        this.incrementalCleanupForEveryRecord = incrementalCleanupForEveryRecord;
        this.compactionFilterCleanup = compactionFilterCleanup;
    }

    public static Builder newBuilder(Duration ttl) {
        return new Builder(ttl);
    }

    public boolean isEnabled() {
        return updateType != UpdateType.Disabled;
    }

    public Duration getTtl() {
        return ttl;
    }

    public UpdateType getUpdateType() {
        return updateType;
    }

    public StateVisibility getStateVisibility() {
        return visibility;
    }

    /** Expired values are left out of full snapshots. */
    public boolean isCleanupInFullSnapshot() {
        return cleanupFullSnapshot;
    }

    /** Heap: entries checked for expiry per state access (0: off). */
    public int getIncrementalCleanupSize() {
        return incrementalCleanupSize;
    }

    public boolean isIncrementalCleanupForEveryRecord() {
        return incrementalCleanupForEveryRecord;
    }

    /** RocksDB: expired entries are dropped by a compaction filter. */
    public boolean isCleanupInRocksdbCompactFilter() {
        return compactionFilterCleanup;
    }


    public static final class Builder {
        private final Duration ttl;
        private UpdateType updateType = UpdateType.OnCreateAndWrite;
        private StateVisibility visibility = StateVisibility.NeverReturnExpired;
        private boolean cleanupFullSnapshot;
        private int incrementalCleanupSize;
        private boolean incrementalCleanupForEveryRecord;
        private boolean compactionFilterCleanup = true; // Flink enables it by default

        private Builder(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("a TTL must be positive, was " + ttl);
            }
            this.ttl = ttl;
        }

        public Builder setUpdateType(UpdateType updateType) {
            this.updateType = Objects.requireNonNull(updateType);
            return this;
        }

        public Builder updateTtlOnCreateAndWrite() {
            return setUpdateType(UpdateType.OnCreateAndWrite);
        }

        public Builder updateTtlOnReadAndWrite() {
            return setUpdateType(UpdateType.OnReadAndWrite);
        }

        public Builder setStateVisibility(StateVisibility visibility) {
            this.visibility = Objects.requireNonNull(visibility);
            return this;
        }

        public Builder neverReturnExpired() {
            return setStateVisibility(StateVisibility.NeverReturnExpired);
        }

        public Builder returnExpiredIfNotCleanedUp() {
            return setStateVisibility(StateVisibility.ReturnExpiredIfNotCleanedUp);
        }

        public Builder cleanupFullSnapshot() {
            this.cleanupFullSnapshot = true;
            return this;
        }

        public Builder cleanupIncrementally(int cleanupSize, boolean runCleanupForEveryRecord) {
            if (cleanupSize < 0) {
                throw new IllegalArgumentException("cleanup size must not be negative");
            }
            this.incrementalCleanupSize = cleanupSize;
            this.incrementalCleanupForEveryRecord = runCleanupForEveryRecord;
            return this;
        }

        /**
         * RocksDB drops expired entries when it compacts (on by default, as in Flink). Flink's filter
         * reads the clock once per {@code queryTimeAfterNumEntries} entries; Sabot's column families
         * are RocksDB {@code TtlDB} families, whose filter reads it for every entry, so there is nothing
         * to tune: the argument is accepted so that Flink code compiles unchanged, and must be positive.
         */
        public Builder cleanupInRocksdbCompactFilter(long queryTimeAfterNumEntries) {
            if (queryTimeAfterNumEntries < 1) {
                throw new IllegalArgumentException("queryTimeAfterNumEntries must be positive, was "
                        + queryTimeAfterNumEntries);
            }
            this.compactionFilterCleanup = true;
            return this;
        }

        public Builder disableCleanupInBackground() {
            this.incrementalCleanupSize = 0;
            this.compactionFilterCleanup = false;
            return this;
        }

        public StateTtlConfig build() {
            return new StateTtlConfig(ttl, updateType, visibility, cleanupFullSnapshot, incrementalCleanupSize,
                    incrementalCleanupForEveryRecord, compactionFilterCleanup);
        }
    }
}
