package io.sabot.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.keygroups.KeyGroupRange;
import io.sabot.state.snapshot.KeyGroupSectionsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator with the real snapshot store plugin in a temporary directory: tasks are played
 * by the test, which acknowledges, declines or finishes as a runtime's tasks would.
 */
class CheckpointCoordinatorTest {

    private static final List<String> TASKS = List.of("source/0", "agent/0", "agent/1", "sink/0");
    private static final Set<String> SOURCES = Set.of("source/0");

    @TempDir
    Path dir;

    private ActorTestKit testKit;
    private CheckpointConfig config;
    private SnapshotStoreStorage storage;

    @BeforeEach
    void start() {
        Config settings = ConfigFactory.parseMap(Map.of("sabot.checkpoint.dir", dir.toString(),
                        "sabot.persistence.snapshot-store.dir", dir.toString()))
                .withFallback(ConfigFactory.load());
        testKit = ActorTestKit.create(settings);
        config = CheckpointConfig.from(settings).withInterval(Duration.ofMillis(50));
        storage = new SnapshotStoreStorage(testKit.system(), config, Runnable::run);
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private ActorRef<CheckpointCoordinator.Command> coordinator(CheckpointConfig config, CheckpointStorage.Restored restored,
                                                                TestProbe<CheckpointCoordinator.Event> master) {
        return testKit.spawn(CheckpointCoordinator.create("job", TASKS, SOURCES, config, storage, restored, 1, master.ref()));
    }

    /** A snapshot whose keyed state is a real key-group file in the task's checkpoint directory. */
    private TaskSnapshot snapshot(String task, long id, String value) throws IOException {
        Path file = storage.taskDirectory("job", task, "chk-" + id).resolve("keyed-0-127.kg");
        try (KeyGroupSectionsWriter writer = new KeyGroupSectionsWriter(file)) {
            writer.beginSection(3).write(value.getBytes(StandardCharsets.UTF_8));
            writer.endSection();
            writer.finish("test", new byte[0]);
        }
        return new TaskSnapshot(value.getBytes(StandardCharsets.UTF_8),
                List.of(new SnapshotHandle(StateBackendKind.HEAP, id, new KeyGroupRange(0, 127), file)));
    }

    /** Waits (at most 10 s) until {@code path} is deleted: discarding runs in the background. */
    private static void awaitGone(Path path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(path) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(Files.exists(path), path + " is still there");
    }

    private void ackAll(ActorRef<CheckpointCoordinator.Command> coordinator, long id) throws IOException {
        for (String task : TASKS) {
            coordinator.tell(new CheckpointCoordinator.Acknowledge(id, task, snapshot(task, id, task + "@" + id)));
        }
    }

    @Test
    void triggersPeriodicallyCompletesWhenAllAcknowledgeAndKeepsTheRetainedOnes() throws Exception {
        TestProbe<CheckpointCoordinator.Event> master = testKit.createTestProbe();
        ActorRef<CheckpointCoordinator.Command> coordinator = coordinator(config, null, master);
        for (long id = 1; id <= 3; id++) {
            CheckpointCoordinator.InjectBarrier inject = master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class);
            assertEquals(id, inject.checkpointId());
            ackAll(coordinator, id);
            CheckpointCoordinator.Completed completed = master.expectMessageClass(CheckpointCoordinator.Completed.class);
            assertEquals(id, completed.checkpointId());
            assertFalse(completed.finalOne());
        }
        testKit.stop(coordinator);

        CheckpointStorage.Restored latest = storage.latest("job").toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(3, latest.checkpoint().checkpointId());
        assertEquals("agent/1@3", new String(latest.tasks().get("agent/1").operatorState(), StandardCharsets.UTF_8));
        // one retained: checkpoints 1 and 2 and their files are gone (deleted in the background), 3's are there
        awaitGone(storage.taskDirectory("job", "agent/1", "chk-1"));
        awaitGone(storage.taskDirectory("job", "agent/1", "chk-2"));
        assertTrue(Files.exists(storage.taskDirectory("job", "agent/1", "chk-3").resolve("keyed-0-127.kg")));
    }

    @Test
    void aCheckpointThatTimesOutIsAbortedAndTooManyFailuresFailTheJob() {
        TestProbe<CheckpointCoordinator.Event> master = testKit.createTestProbe();
        CheckpointConfig impatient = new CheckpointConfig(dir, Duration.ofMillis(20), CheckpointingMode.EXACTLY_ONCE,
                Duration.ofMillis(100), Duration.ZERO, 1, 1, 1, config.snapshotStore());
        ActorRef<CheckpointCoordinator.Command> coordinator = coordinator(impatient, null, master);
        master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class);
        coordinator.tell(new CheckpointCoordinator.Acknowledge(1, "source/0", TaskSnapshot.EMPTY));
        CheckpointCoordinator.Aborted first = master.expectMessageClass(CheckpointCoordinator.Aborted.class);
        assertEquals(1, first.checkpointId());
        assertTrue(first.reason().contains("did not complete within"), first.reason());
        master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class);
        coordinator.tell(new CheckpointCoordinator.Decline(2, "agent/1", "disk full"));
        CheckpointCoordinator.Aborted second = master.expectMessageClass(CheckpointCoordinator.Aborted.class);
        assertTrue(second.reason().contains("agent/1 declined: disk full"), second.reason());
        CheckpointCoordinator.Failed failed = master.expectMessageClass(CheckpointCoordinator.Failed.class);
        assertTrue(failed.reason().contains("2 in a row"), failed.reason());
    }

    @Test
    void finishedTasksStandInWithTheirFinalStateAndTheLastOneCompletesTheFinalCheckpoint() throws Exception {
        TestProbe<CheckpointCoordinator.Event> master = testKit.createTestProbe();
        ActorRef<CheckpointCoordinator.Command> coordinator = coordinator(config, null, master);
        master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class);
        coordinator.tell(new CheckpointCoordinator.TaskFinished("source/0", snapshot("source/0", 0, "end")));
        for (String task : List.of("agent/0", "agent/1", "sink/0")) {
            coordinator.tell(new CheckpointCoordinator.Acknowledge(1, task, snapshot(task, 1, task)));
        }
        assertEquals(1, master.expectMessageClass(CheckpointCoordinator.Completed.class).checkpointId());
        // every source finished: no more periodic checkpoints
        master.expectNoMessage(Duration.ofMillis(300));
        for (String task : List.of("agent/0", "agent/1", "sink/0")) {
            coordinator.tell(new CheckpointCoordinator.TaskFinished(task, snapshot(task, 99, task + " final")));
        }
        long finalId = master.expectMessageClass(CheckpointCoordinator.FinalStarted.class).checkpointId(); // for the id counter
        CheckpointCoordinator.Completed last = master.expectMessageClass(CheckpointCoordinator.Completed.class);
        assertEquals(finalId, last.checkpointId());
        assertEquals(2, last.checkpointId());
        assertTrue(last.finalOne());
        CheckpointStorage.Restored stored = storage.latest("job").toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        assertTrue(stored.checkpoint().finalOne());
        assertEquals("end", new String(stored.tasks().get("source/0").operatorState(), StandardCharsets.UTF_8));
    }

    @Test
    void aDamagedCheckpointFallsBackToThePreviousCompleteOne() throws Exception {
        TestProbe<CheckpointCoordinator.Event> master = testKit.createTestProbe();
        CheckpointConfig keepTwo = new CheckpointConfig(dir, Duration.ofMillis(50), CheckpointingMode.EXACTLY_ONCE,
                Duration.ofMinutes(1), Duration.ZERO, 1, 0, 2, config.snapshotStore());
        ActorRef<CheckpointCoordinator.Command> coordinator = coordinator(keepTwo, null, master);
        for (long id = 1; id <= 2; id++) {
            master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class);
            ackAll(coordinator, id);
            master.expectMessageClass(CheckpointCoordinator.Completed.class);
        }
        testKit.stop(coordinator);
        // flip a byte in one key group file of checkpoint 2
        Path damaged = storage.taskDirectory("job", "agent/0", "chk-2").resolve("keyed-0-127.kg");
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[9] ^= 0x40;
        Files.write(damaged, bytes);

        Optional<CheckpointStorage.Restored> latest = storage.latest("job").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, latest.orElseThrow().checkpoint().checkpointId());

        // a coordinator restored from it numbers the next checkpoint after it
        ActorRef<CheckpointCoordinator.Command> restored = coordinator(keepTwo, latest.get(), master);
        assertEquals(2, master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class).checkpointId());
        testKit.stop(restored);
    }

    @Test
    void aSavepointIsASelfContainedCopyThatOutlivesTheJobsCheckpoints() throws Exception {
        TestProbe<CheckpointCoordinator.Event> master = testKit.createTestProbe();
        ActorRef<CheckpointCoordinator.Command> coordinator = coordinator(config.withInterval(Duration.ZERO), null, master);
        TestProbe<CheckpointCoordinator.SavepointResult> requester = testKit.createTestProbe();
        Path savepoints = dir.resolve("savepoints");
        coordinator.tell(new CheckpointCoordinator.TriggerSavepoint(savepoints.toString(), requester.ref()));
        CheckpointCoordinator.InjectBarrier inject = master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class);
        assertTrue(inject.savepoint());
        ackAll(coordinator, inject.checkpointId());
        CheckpointCoordinator.SavepointResult result = requester.receiveMessage(Duration.ofSeconds(10));
        assertEquals(savepoints.resolve(Savepoints.name(storage.latest("job").toCompletableFuture().get(10, TimeUnit.SECONDS)
                .orElseThrow().checkpoint())).toString(), result.path(), result.failure());
        master.expectMessageClass(CheckpointCoordinator.Completed.class);

        // later checkpoints and the end of the job discard every checkpoint of the job, never the savepoint
        coordinator.tell(new CheckpointCoordinator.TriggerNow());
        ackAll(coordinator, master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class).checkpointId());
        master.expectMessageClass(CheckpointCoordinator.Completed.class);
        TestProbe<CheckpointCoordinator.Done> done = testKit.createTestProbe();
        coordinator.tell(new CheckpointCoordinator.JobFinished(done.ref()));
        done.expectMessage(Duration.ofSeconds(10), CheckpointCoordinator.Done.INSTANCE);
        assertFalse(Files.exists(storage.taskDirectory("job", "agent/1", "chk-2")), "the job's last checkpoint went with it");
        assertTrue(storage.latest("job").toCompletableFuture().get(10, TimeUnit.SECONDS).isEmpty());

        CheckpointStorage.Restored restored = Savepoints.read(Path.of(result.path()));
        assertTrue(restored.fromSavepoint());
        assertEquals(1, restored.checkpoint().checkpointId());
        assertEquals(TASKS, restored.checkpoint().tasks());
        assertEquals("agent/1@1", new String(restored.tasks().get("agent/1").operatorState(), StandardCharsets.UTF_8));
        Path keyed = restored.tasks().get("agent/1").keyedState().get(0).path();
        assertTrue(keyed.startsWith(Path.of(result.path())), "the state files are inside the savepoint: " + keyed);

        // a savepoint is never overwritten
        IOException exists = assertThrows(IOException.class,
                () -> Savepoints.write(savepoints, restored.checkpoint(), restored.tasks()));
        assertTrue(exists.getMessage().contains("already there"), exists.getMessage());
    }

    @Test
    void aDamagedSavepointIsRefusedNamingTheFile() throws Exception {
        TestProbe<CheckpointCoordinator.Event> master = testKit.createTestProbe();
        ActorRef<CheckpointCoordinator.Command> coordinator = coordinator(config.withInterval(Duration.ZERO), null, master);
        TestProbe<CheckpointCoordinator.SavepointResult> requester = testKit.createTestProbe();
        coordinator.tell(new CheckpointCoordinator.TriggerSavepoint(dir.resolve("savepoints").toString(), requester.ref()));
        ackAll(coordinator, master.expectMessageClass(CheckpointCoordinator.InjectBarrier.class).checkpointId());
        Path savepoint = Path.of(requester.receiveMessage(Duration.ofSeconds(10)).path());

        Path metadata = savepoint.resolve(Savepoints.METADATA);
        byte[] original = Files.readAllBytes(metadata);
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 0x10;
        Files.write(metadata, damaged);
        IOException corrupt = assertThrows(IOException.class, () -> Savepoints.read(savepoint));
        assertTrue(corrupt.getMessage().contains(metadata + " is corrupt"), corrupt.getMessage());

        Files.write(metadata, original);
        Path keyed = Savepoints.read(savepoint).tasks().get("agent/0").keyedState().get(0).path();
        byte[] state = Files.readAllBytes(keyed);
        state[state.length / 3] ^= 0x01;
        Files.write(keyed, state);
        IOException badState = assertThrows(IOException.class, () -> Savepoints.read(savepoint));
        assertTrue(badState.getMessage().contains(keyed.toString()), badState.getMessage());

        IOException notOne = assertThrows(IOException.class, () -> Savepoints.read(dir));
        assertTrue(notOne.getMessage().contains("is not a savepoint"), notOne.getMessage());
    }
}
