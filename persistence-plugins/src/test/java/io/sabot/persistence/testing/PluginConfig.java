package io.sabot.persistence.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The configuration a Pekko application uses to enable the plugin, with its data in a given directory. */
public final class PluginConfig {

    private PluginConfig() {
    }

    /** Journal in {@code dir}/journal, snapshots in {@code dir}/snapshots, sync writes off (faster tests). */
    public static Config in(Path dir) {
        return ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "sabot.persistence.journal"
                pekko.persistence.snapshot-store.plugin = "sabot.persistence.snapshot-store"
                sabot.persistence.journal.sync-writes = off
                """)
                .withValue("sabot.persistence.journal.dir", ConfigValueFactory.fromAnyRef(dir.resolve("journal").toString()))
                .withValue("sabot.persistence.snapshot-store.dir",
                        ConfigValueFactory.fromAnyRef(dir.resolve("snapshots").toString()))
                .withFallback(ConfigFactory.load());
    }

    public static Path newTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
