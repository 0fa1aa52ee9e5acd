package io.sabot.persistence.journal;

import io.sabot.persistence.testing.PluginConfig;
import java.nio.file.Path;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/**
 * Pekko's own journal plugin TCK ({@code JournalSpec} through its Java wrapper), run by JUnit
 * Vintage, with every optional capability on: rejection of non-serializable events,
 * serialization, and event metadata.
 */
@RunWith(JUnitRunner.class)
public class RocksDbJournalTckTest extends JavaJournalSpec {

    private static final Path DIR = PluginConfig.newTempDirectory("journal-tck");

    public RocksDbJournalTckTest() {
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
