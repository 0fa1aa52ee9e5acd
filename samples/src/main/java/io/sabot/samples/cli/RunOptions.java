package io.sabot.samples.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.actors.api.Source;
import io.sabot.actors.io.PacedSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What every job command takes about how it runs (a picocli mixin): checkpoints and pacing. */
final class RunOptions {

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Keep checkpoints here; run again with the same directory after a crash and the job resumes"
                    + " where its last checkpoint was, its output exactly once (default: none kept).")
    Path dir;

    @Option(names = "--checkpoint-interval", converter = Durations.class, paramLabel = "DURATION",
            description = "Checkpoint this often, e.g. 1s (default: only the final checkpoint at the end of the input).")
    Duration interval;

    @Option(names = "--max-rows-per-second", defaultValue = "0", paramLabel = "N",
            description = "Read the input at most this fast, e.g. to replay market data at its pace (default: unpaced).")
    long maxRowsPerSecond;

    /** {@code source}, paced as {@code --max-rows-per-second} says. */
    Source paced(Source source) {
        return PacedSource.of(source, maxRowsPerSecond);
    }

    /** The node settings they make: {@code sabot.checkpoint.dir} and {@code .interval}. */
    Config nodeConfig() {
        Map<String, Object> settings = new HashMap<>();
        if (dir != null) {
            settings.put("sabot.checkpoint.dir", dir.toAbsolutePath().toString());
        }
        if (interval != null) {
            settings.put("sabot.checkpoint.interval", interval.toMillis() + "ms");
        }
        return ConfigFactory.parseMap(settings);
    }
}
