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
 * @param remoteBatchBytes      the most bytes ({@link io.sabot.actors.stream.Batch#wireBytes()}) of a batch sent to
 *                              a task on another node in one message: Artery's {@code maximum-frame-size} less
 *                              {@link #ENVELOPE_BYTES}; larger batches are sent in slices (Artery drops a larger message)
 * @param config                the node's configuration, under a job's own settings
 */
public record RuntimeSettings(int creditsPerChannel, Duration autoWatermarkInterval, StateBackendConfig stateBackend,
                              SupervisionSettings supervision, long remoteBatchBytes, Config config) {

    /** Room in a frame for what surrounds a batch: Artery's envelope, the sharding envelope, the entity id. */
    public static final long ENVELOPE_BYTES = 16 * 1024;

    private static final String FRAME_SIZE = "pekko.remote.artery.advanced.maximum-frame-size";

    public RuntimeSettings {
        if (creditsPerChannel < 1) {
            throw new IllegalArgumentException("sabot.flow-control.credits-per-channel must be at least 1, was "
                    + creditsPerChannel);
        }
        if (autoWatermarkInterval.isNegative() || autoWatermarkInterval.isZero()) {
            throw new IllegalArgumentException("sabot.watermarks.auto-watermark-interval must be positive, was "
                    + autoWatermarkInterval);
        }
        if (remoteBatchBytes < 64 * 1024) {
            throw new IllegalArgumentException(FRAME_SIZE + " must be at least " + (64 * 1024 + ENVELOPE_BYTES)
                    + " bytes for batches to cross nodes, was " + (remoteBatchBytes + ENVELOPE_BYTES));
        }
    }

    public static RuntimeSettings from(Config config) {
        return new RuntimeSettings(config.getInt("sabot.flow-control.credits-per-channel"),
                config.getDuration("sabot.watermarks.auto-watermark-interval"), StateBackendConfig.from(config),
                SupervisionSettings.from(config),
                config.hasPath(FRAME_SIZE) ? config.getBytes(FRAME_SIZE) - ENVELOPE_BYTES : Long.MAX_VALUE, config);
    }

    /** How {@code job} survives failures: its own settings ({@code JobBuilder.configure}) over the node's. */
    public SupervisionSettings supervision(JobGraph job) {
        return job.settings().isEmpty() ? supervision
                : SupervisionSettings.from(ConfigFactory.parseMap(job.settings()).withFallback(config));
    }
}
