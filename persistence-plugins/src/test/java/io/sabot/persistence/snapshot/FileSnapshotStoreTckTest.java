package io.sabot.persistence.snapshot;

import io.sabot.persistence.testing.PluginConfig;
import java.nio.file.Path;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/**
 * Pekko's own snapshot store plugin TCK ({@code SnapshotStoreSpec} through its Java wrapper), run by
 * JUnit Vintage, with every optional capability on: serialization and snapshot metadata.
 */
@RunWith(JUnitRunner.class)
public class FileSnapshotStoreTckTest extends JavaSnapshotStoreSpec {

    private static final Path DIR = PluginConfig.newTempDirectory("snapshot-tck");

    public FileSnapshotStoreTckTest() {
        super(PluginConfig.in(DIR));
    }

    @Override
    public CapabilityFlag supportsMetadata() {
        return CapabilityFlag.on();
    }

    @Override
    public void afterAll() {
        super.afterAll();
        PluginConfig.deleteRecursively(DIR);
    }
}
