package io.sabot.actors.io.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A partition a source subtask reads: the offset after the last record it emitted, where it stops
 * ({@link #UNBOUNDED}: never), and whether it has ended. The reader's position in a checkpoint is the
 * list of them ({@link #encode}, {@link #decode}); its split is {@code topic-partition}.
 */
final class PartitionOffsets {

    static final long UNBOUNDED = Long.MAX_VALUE;
    private static final int VERSION = 1;

    final TopicPartition id;
    final String split;
    long next;
    long stop;
    boolean ended;

    PartitionOffsets(TopicPartition id, long next, long stop) {
        this.id = id;
        this.split = id.topic() + "-" + id.partition();
        this.next = next;
        this.stop = stop;
    }

    /** A position: every partition's next and stop offset. */
    static byte[] encode(Collection<PartitionOffsets> partitions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeInt(partitions.size());
            for (PartitionOffsets partition : partitions) {
                out.writeUTF(partition.id.topic());
                out.writeInt(partition.id.partition());
                out.writeLong(partition.next);
                out.writeLong(partition.stop);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory
        }
        return bytes.toByteArray();
    }

    /** The partitions of a position {@link #encode} wrote. */
    static List<PartitionOffsets> decode(byte[] position) throws IOException {
        List<PartitionOffsets> partitions = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(position))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("the Kafka source position in the checkpoint has version " + version + ", this"
                        + " Sabot reads version " + VERSION);
            }
            for (int count = in.readInt(); count > 0; count--) {
                TopicPartition id = new TopicPartition(in.readUTF(), in.readInt());
                partitions.add(new PartitionOffsets(id, in.readLong(), in.readLong()));
            }
        }
        return partitions;
    }

    /** The next offsets, as a consumer group commits them. */
    static Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<PartitionOffsets> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(partition -> offsets.put(partition.id, new OffsetAndMetadata(partition.next)));
        return offsets;
    }
}
