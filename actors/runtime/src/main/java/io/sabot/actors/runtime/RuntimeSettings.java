package io.sabot.actors.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.actors.graph.JobGraph;
import io.sabot.state.backend.StateBackendConfig;
import java.time.Duration;

/**
 * The node-wide settings tasks run with, read once from the actor system's configuration.
 *
 * @param creditsPerChannel     batches a receiver lets each sender have in flight per channel
 *                              ({@code sabot.flow-control.credits-per-channel})
 * @param autoWatermarkInterval how often sources emit their periodic watermark
 *                              ({@code sabot.watermarks.auto-watermark-interval}, Flink's 200 ms)
 * @param stateBackend          keyed state of jobs that do not choose their own ({@code sabot.state})
 * @param supervision           how jobs survive failures ({@code sabot.supervision}, {@code sabot.restart-strategy}),
 *                              unless a job sets its own ({@link #supervision(JobGraph)})
 * @param config                the node's configuration, under a job's own settings
 */
public record RuntimeSettings(int creditsPerChannel, Duration autoWatermarkInterval, StateBackendConfig stateBackend,
                              SupervisionSettings supervision, Config config) {

    public RuntimeSettings {
        if (creditsPerChannel < 1) {
            throw new IllegalArgumentException("sabot.flow-control.credits-per-channel must be at least 1, was "
                    + creditsPerChannel);
        }
        if (autoWatermarkInterval.isNegative() || autoWatermarkInterval.isZero()) {
            throw new IllegalArgumentException("sabot.watermarks.auto-watermark-interval must be positive, was "
                    + autoWatermarkInterval);
        }
    }

    public static RuntimeSettings from(Config config) {
        return new RuntimeSettings(config.getInt("sabot.flow-control.credits-per-channel"),
                config.getDuration("sabot.watermarks.auto-watermark-interval"), StateBackendConfig.from(config),
                SupervisionSettings.from(config), config);
    }

    /** How {@code job} survives failures: its own settings ({@code JobBuilder.configure}) over the node's. */
    public SupervisionSettings supervision(JobGraph job) {
        return job.settings().isEmpty() ? supervision
                : SupervisionSettings.from(ConfigFactory.parseMap(job.settings()).withFallback(config));
    }
}
