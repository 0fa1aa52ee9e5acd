package io.sabot.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.testing.PassThrough;
import io.sabot.actors.testing.TickSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the sink writes into a 256 KiB tmpfs. The job must fail with the file named
 * and the reason, leave nothing behind, and leak no memory. Needs permission to mount (root, as on
 * the build machine); skipped where mounting is not allowed.
 */
class FullDiskTest {

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    void aFullDiskFailsTheJobWithTheFileAndTheReason(@TempDir Path dir) throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tiny"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()),
                "cannot mount a tmpfs here (needs root)");
        try {
            Path output = mount.resolve("out.csv");
            JobBuilder job = JobBuilder.named("full-disk");
            job.source("ticks", new TickSource(200_000, 10, 1000)) // about 5 MB of CSV
                    .process("pass", PassThrough::new, 1)
                    .sinkTo("out", CsvSink.to(output));
            try (SabotNode node = SabotNode.start()) {
                JobResult result = node.run(job.build());
                assertFalse(result.succeeded());
                assertTrue(result.error().contains("cannot write " + output + ": No space left on device"), result.error());
            }
            try (Stream<Path> left = Files.list(mount)) {
                assertEquals(0, left.count(), "the partial file is removed");
            }
        } finally {
            run("umount", mount.toString());
        }
    }
}
