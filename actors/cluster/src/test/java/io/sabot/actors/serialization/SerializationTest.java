package io.sabot.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.api.SourceContext;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.memory.ArrowMemory;
import io.sabot.actors.runtime.ChannelPosition;
import io.sabot.actors.runtime.DeliverSerializer;
import io.sabot.actors.runtime.FailureCause;
import io.sabot.actors.runtime.JobMasterCommand;
import io.sabot.actors.runtime.JobResult;
import io.sabot.actors.runtime.TaskCommand;
import io.sabot.actors.runtime.TaskId;
import io.sabot.actors.runtime.TaskStats;
import io.sabot.actors.stream.Batch;
import io.sabot.actors.stream.EventTime;
import io.sabot.actors.stream.CheckpointBarrier;
import io.sabot.actors.stream.EndOfInput;
import io.sabot.actors.stream.Watermark;
import io.sabot.actors.stream.WatermarkStatus;
import io.sabot.actors.testing.PassThrough;
import io.sabot.actors.testing.TickSource;
import io.sabot.checkpointing.TaskSnapshot;
import io.sabot.state.backend.SnapshotHandle;
import io.sabot.state.backend.StateBackendKind;
import io.sabot.state.keygroups.KeyGroupRange;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;

/** Every message that may cross nodes has a real serializer (Java serialization is off). */
class SerializationTest {

    private static Object roundTrip(Serialization serialization, Object message) {
        byte[] bytes = serialization.serialize(message).get();
        var serializer = serialization.findSerializerFor(message);
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    }

    @Test
    void streamElementsAndControlMessagesRoundTrip() throws Exception {
        try (SabotNode node = SabotNode.start()) {
            Serialization serialization = SerializationExtension.get(Adapter.toClassic(node.system()));
            for (var element : List.of(new Watermark(42), WatermarkStatus.IDLE, EndOfInput.INSTANCE,
                    new CheckpointBarrier(7, 1234, CheckpointBarrier.CheckpointKind.SAVEPOINT))) {
                assertEquals(new TaskCommand.Deliver(3, element), roundTrip(serialization, new TaskCommand.Deliver(3, element)));
                var positioned = new TaskCommand.Deliver(3, element, new ChannelPosition(2, 5, 17, 0, true));
                assertEquals(positioned, roundTrip(serialization, positioned), "with its position in its sender's stream");
            }
            TickSource ticks = new TickSource(200, 3, 100); // two batches
            try (BufferAllocator allocator = ArrowMemory.get(node.system()).newAllocator("test");
                 var reader = ticks.createReader(new SourceContext(0, 1, 0, allocator))) {
                VectorSchemaRoot root = reader.next();
                String expected = root.contentToTSVString();
                int rows = root.getRowCount();
                long[] timestamps = new long[rows];
                long[] watermarks = new long[rows];
                for (int r = 0; r < rows; r++) {
                    timestamps[r] = r % 7 == 0 ? Long.MIN_VALUE : 1_000L * r - 3; // some rows without a timestamp
                    watermarks[r] = r == 0 ? Long.MIN_VALUE : 1_000L * (r - 1) - 500;
                }
                TaskCommand.Deliver copy = (TaskCommand.Deliver) roundTrip(serialization,
                        new TaskCommand.Deliver(1, Batch.of(root, new EventTime(timestamps.clone(), watermarks.clone()))));
                assertEquals(0, allocator.getAllocatedMemory(), "serializing hands the batch over (frees it)");
                try (Batch batch = (Batch) copy.element()) {
                    assertEquals(1, copy.channel());
                    assertEquals(expected, batch.root().contentToTSVString());
                    assertArrayEquals(timestamps, batch.eventTime().timestamps(), "each row's timestamp travels");
                    assertArrayEquals(watermarks, batch.eventTime().watermarks(), "and the watermark before it");
                }
                // encoded by its sender (a task sending to another node): it arrives as the same Deliver
                VectorSchemaRoot next = reader.next();
                String expectedNext = next.contentToTSVString();
                byte[] encoded = DeliverSerializer.encode(Batch.of(next));
                assertEquals(0, allocator.getAllocatedMemory(), "encoding hands the batch over (frees it)");
                ChannelPosition slice = new ChannelPosition(3, -1, 4, 50, false);
                TaskCommand.Deliver arrived = (TaskCommand.Deliver) roundTrip(serialization,
                        new TaskCommand.DeliverEncoded(2, encoded, slice));
                try (Batch batch = (Batch) arrived.element()) {
                    assertEquals(2, arrived.channel());
                    assertEquals(slice, arrived.position());
                    assertEquals(expectedNext, batch.root().contentToTSVString());
                    assertEquals(null, batch.eventTime());
                }
            }
            var taskId = new TaskId("job-1", 3, "ewma", 1);
            for (Object message : List.of(
                    new JobMasterCommand.TaskFinished(taskId, new TaskStats(1, 2, 3, 4, 5, 6), TaskSnapshot.EMPTY),
                    new JobMasterCommand.DeclineCheckpoint(taskId, 7, "disk full"),
                    new TaskCommand.CheckpointComplete(7, true),
                    new JobMasterCommand.TaskFailed(taskId, "bad", "trace", FailureCause.serialize(new IllegalStateException("bad"))),
                    new JobMasterCommand.BarrierReached(taskId, 3, 99),
                    TaskCommand.Continue.INSTANCE,
                    new TaskCommand.UpstreamRestarted(taskId),
                    new JobMasterCommand.OutputNotKept(taskId, "kept too little"),
                    new TaskCommand.Cancel("why"))) {
                assertEquals("JacksonCborSerializer", serialization.findSerializerFor(message).getClass().getSimpleName());
                Object copy = roundTrip(serialization, message);
                if (message instanceof JobMasterCommand.TaskFinished finished) { // a snapshot holds an array: no record equality
                    assertEquals(finished.stats(), ((JobMasterCommand.TaskFinished) copy).stats());
                } else if (message instanceof JobMasterCommand.TaskFailed failed) { // its cause is bytes: no record equality
                    var copied = (JobMasterCommand.TaskFailed) copy;
                    assertEquals(List.of(failed.task(), failed.message(), failed.stackTrace()),
                            List.of(copied.task(), copied.message(), copied.stackTrace()));
                    Throwable cause = FailureCause.deserialize(copied.cause());
                    assertEquals(IllegalStateException.class, cause.getClass(), "the task's exception crosses nodes");
                    assertEquals("bad", cause.getMessage());
                } else {
                    assertEquals(message, copy);
                }
            }
            // a task's part of a checkpoint: its operator state and the handle of its keyed state file
            SnapshotHandle handle = new SnapshotHandle(StateBackendKind.ROCKSDB, 7, new KeyGroupRange(3, 9),
                    Path.of("/checkpoints/job/state/ewma-1/chk-7/keyed-3-9.rocksdb"));
            var ack = (JobMasterCommand.AcknowledgeCheckpoint) roundTrip(serialization,
                    new JobMasterCommand.AcknowledgeCheckpoint(taskId, 7, new TaskSnapshot(new byte[] {1, 2, 3}, List.of(handle))));
            assertEquals(taskId, ack.task());
            assertArrayEquals(new byte[] {1, 2, 3}, ack.snapshot().operatorState());
            assertEquals(List.of(handle), ack.snapshot().keyedState());
        }
    }

    /** An exception that cannot be serialized (it holds a plain Object). */
    static final class HoldsALock extends IllegalStateException {
        private final Object lock = new Object();

        HoldsALock(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void aTasksExceptionThatCannotBeSerializedArrivesAsAStandInWithItsClassMessageAndTrace() {
        HoldsALock error = new HoldsALock("stuck", new java.io.UncheckedIOException(new java.io.IOException("disk")));
        Throwable copy = FailureCause.deserialize(FailureCause.serialize(error));
        assertEquals(FailureCause.TaskException.class, copy.getClass());
        assertEquals(HoldsALock.class.getName() + ": stuck", copy.getMessage());
        assertEquals(List.of(error.getStackTrace()), List.of(copy.getStackTrace()));
        assertEquals(java.io.UncheckedIOException.class.getName() + ": java.io.IOException: disk", copy.getCause().getMessage());
    }

    @Test
    void aWholeJobRunsWithEveryMessageSerialized() throws Exception {
        CollectSink<TickSource.Tick> sink = CollectSink.of(TickSource.Tick.class);
        TickSource source = new TickSource(20_000, 13, 1000);
        JobBuilder job = JobBuilder.named("serialized");
        job.source("ticks", source).keyBy("symbol").process("pass", PassThrough::new, 2).sinkTo("out", sink);
        JobResult result;
        try (SabotNode node = SabotNode.start(ConfigFactory.parseString("pekko.actor.serialize-messages = on"))) {
            result = node.execute(job.build());
        }
        assertTrue(result.succeeded(), result.error());
        assertEquals(20_000, sink.records().size());
        for (TickSource.Tick tick : sink.records()) {
            assertEquals(source.row(tick.seq()), tick);
        }
    }
}
