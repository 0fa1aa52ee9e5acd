package io.sabot.state.backend;

import io.sabot.state.StateBackends;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sabot.state.api.ValueState;
import io.sabot.state.api.ValueStateDescriptor;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.keys.KeyType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a user sees when the disk is full or RocksDB's directory is taken. */
class StateFaultsTest extends BackendTestBase {

    @Test
    void aRocksDbDirectoryLockedByAnotherProcessGivesAClearError() throws Exception {
        Path local = directory.resolve("local");
        Path instance = local.resolve("job_vertex_0");
        Files.createDirectories(instance);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RocksDbLockHolder.class.getName(), instance.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("open")) {
                // wait until the other process holds the lock
            }
            StateBackendConfig config = StateBackendConfig.of(StateBackendKind.ROCKSDB).withLocalDirectory(local);
            IOException e = assertThrows(IOException.class, () -> StateBackends.create(config, KeyType.UTF8, 128,
                    new KeyGroupRange(0, 127), fixture.clock, "job_vertex_0", List.of()));
            assertEquals("RocksDB directory " + instance + " is locked by another process: "
                    + "another job (or another run of this one) uses it", e.getMessage());
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Once the other process is gone (killed, lock released by the OS) the directory is reused.
        StateBackendConfig config = StateBackendConfig.of(StateBackendKind.ROCKSDB).withLocalDirectory(local);
        StateBackends.create(config, KeyType.UTF8, 128, new KeyGroupRange(0, 127), fixture.clock, "job_vertex_0",
                List.of()).close();
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @ParameterizedTest
    @EnumSource(StateBackendKind.class)
    void aFullDiskFailsTheSnapshotButNotTheStateOrEarlierSnapshots(StateBackendKind kind) throws Exception {
        Path tiny = Files.createDirectory(directory.resolve("tiny"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", tiny.toString()),
                "cannot mount a tmpfs here (needs root)");
        try {
            KeyedStateBackend backend = fixture.create(kind);
            ValueState<String> state = backend.getState(new ValueStateDescriptor<>("payload", String.class));
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            String payload = random.ints(2000, 'a', 'z' + 1)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            for (int i = 0; i < 1000; i++) { // about 2 MB of state
                backend.setCurrentKeyObject("K" + i);
                state.update(payload + i);
            }
            SnapshotHandle good = backend.snapshot(1, directory.resolve("chk-1")).write();
            for (int i = 1000; i < 2000; i++) { // new data, which an incremental snapshot must upload
                backend.setCurrentKeyObject("K" + i);
                state.update(random.ints(2000, 'a', 'z' + 1)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
            }

            IOException full = assertThrows(IOException.class,
                    () -> backend.snapshot(2, tiny.resolve("chk-2")).write());
            assertTrue(String.valueOf(full.getMessage()).contains("No space left on device")
                    || String.valueOf(full.getCause()).contains("No space left on device"), String.valueOf(full));
            try (Stream<Path> left = Files.walk(tiny)) {
                assertEquals(0, left.filter(Files::isRegularFile).count(), "the failed snapshot leaves no files");
            }

            backend.setCurrentKeyObject("K999");
            assertEquals(payload + 999, state.value(), "the job's state is untouched");
            KeyedStateBackend restored = fixture.create(kind, good.keyGroups(), List.of(good));
            ValueState<String> restoredState = restored.getState(new ValueStateDescriptor<>("payload", String.class));
            restored.setCurrentKeyObject("K7");
            assertEquals(payload + 7, restoredState.value(), "the earlier snapshot still restores");
        } finally {
            run("umount", tiny.toString());
        }
    }
}
