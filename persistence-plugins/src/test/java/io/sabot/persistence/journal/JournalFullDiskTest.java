package io.sabot.persistence.journal;

import static io.sabot.persistence.testing.JournalClient.atomic;
import static io.sabot.persistence.testing.JournalClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.persistence.testing.JournalClient;
import io.sabot.persistence.testing.JournalClient.WriteResult;
import io.sabot.persistence.testing.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real storage error: the journal lives on a 2 MiB tmpfs that fills up. The write that hits the
 * full disk must fail (WriteMessagesFailed, then WriteMessageFailure per event), never be reported
 * as a rejection, and every event acknowledged before it must still replay. Needs permission to
 * mount (root, as on the build machine); skipped where mounting is not allowed.
 */
class JournalFullDiskTest {

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    void aFullDiskFailsTheWriteAndKeepsWhatWasAcknowledged(@TempDir Path dir) throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tiny"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()),
                "cannot mount a tmpfs here (needs root)");
        ActorSystem system = ActorSystem.create("full-disk", ConfigFactory.parseString("""
                sabot.persistence.journal.rocksdb.write-buffer-size = 256 KiB
                """).withFallback(PluginConfig.in(mount)));
        try {
            JournalClient journal = new JournalClient(system);
            String payload = "x".repeat(64 * 1024);
            long acknowledged = 0;
            WriteResult failed = null;
            for (long n = 1; n <= 200 && failed == null; n++) {
                WriteResult result = journal.write(atomic(event("filler", n, payload + n)));
                if (result.batchReply() == JournalProtocol.WriteMessagesSuccessful$.MODULE$) {
                    acknowledged = n;
                } else {
                    failed = result;
                }
            }
            assertTrue(failed != null, "200 writes of 64 KiB fit on a 2 MiB disk?");
            JournalProtocol.WriteMessagesFailed batch = assertInstanceOf(JournalProtocol.WriteMessagesFailed.class,
                    failed.batchReply());
            assertTrue(String.valueOf(batch.cause().getMessage()).contains("No space left on device"),
                    String.valueOf(batch.cause()));
            assertInstanceOf(JournalProtocol.WriteMessageFailure.class, failed.perEvent().get(0),
                    "a storage error is a failure, not a rejection");

            assertEquals(LongStream.rangeClosed(1, acknowledged).boxed().toList(),
                    journal.replayAll("filler").sequenceNrs(), "every acknowledged event replays");
        } finally {
            TestKit.shutdownActorSystem(system);
            run("umount", mount.toString());
        }
    }
}
