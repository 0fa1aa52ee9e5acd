package io.sabot.checkpointing;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a job checkpoints, with Flink's options and defaults (see this module's reference.conf).
 *
 * @param directory   where completed checkpoints are kept; null: nowhere (nothing survives a crash)
 * @param interval    between periodic checkpoints; zero: only the final checkpoint of a bounded input
 * @param snapshotStore the id of the Pekko snapshot store plugin that stores them
 */
public record CheckpointConfig(Path directory, Duration interval, CheckpointingMode mode, Duration timeout,
                               Duration minPause, int maxConcurrent, int tolerableFailures, int retained,
                               String snapshotStore) {

    public CheckpointConfig {
        if (interval.isNegative() || timeout.isNegative() || timeout.isZero() || minPause.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval and min-pause must not be negative and the timeout must"
                    + " be positive: interval " + interval + ", timeout " + timeout + ", min-pause " + minPause);
        }
        if (maxConcurrent < 1 || tolerableFailures < 0 || retained < 1) {
            throw new IllegalArgumentException("max-concurrent (" + maxConcurrent + ") and retained (" + retained
                    + ") must be at least 1, tolerable-failed-checkpoints (" + tolerableFailures + ") not negative");
        }
    }

    /** The {@code sabot.checkpoint} settings of {@code config}; an empty {@code dir} stores nothing. */
    public static CheckpointConfig from(Config config) {
        Config c = config.getConfig("sabot.checkpoint");
        String dir = c.getString("dir");
        CheckpointingMode mode;
        try {
            mode = CheckpointingMode.parse(c.getString("mode"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sabot.checkpoint.mode: " + e.getMessage(), e);
        }
        return new CheckpointConfig(dir.isBlank() ? null : Path.of(dir).toAbsolutePath(), c.getDuration("interval"), mode,
                c.getDuration("timeout"), c.getDuration("min-pause"), c.getInt("max-concurrent"),
                c.getInt("tolerable-failed-checkpoints"), c.getInt("retained"), c.getString("snapshot-store"));
    }

    /** Completed checkpoints are stored (there is a directory). */
    public boolean isStored() {
        return directory != null;
    }

    /** Checkpoints are triggered periodically. */
    public boolean isPeriodic() {
        return !interval.isZero();
    }

    public CheckpointConfig withInterval(Duration interval) {
        return new CheckpointConfig(directory, interval, mode, timeout, minPause, maxConcurrent, tolerableFailures,
                retained, snapshotStore);
    }
}
