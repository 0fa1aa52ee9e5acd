package io.sabot.actors.io.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a Kafka source starts on a fresh run (a restored one starts where its checkpoint says, and a
 * partition found while running starts at its earliest offset, as in Flink).
 */
public sealed interface StartingOffsets {

    /** The earliest offset of every partition (the default). */
    StartingOffsets EARLIEST = new Earliest();
    /** The end of every partition: only records produced after the start. */
    StartingOffsets LATEST = new Latest();

    /** The first record at or after {@code epochMillis} (the end of a partition with none). */
    static StartingOffsets timestamp(long epochMillis) {
        return new Timestamp(epochMillis);
    }

    /** The offsets committed by the source's consumer group, else the earliest. */
    static StartingOffsets committed() {
        return new Committed();
    }

    /** Seeks {@code consumer}'s newly assigned partitions {@code ids} (not empty: Kafka takes an empty list for all) here. */
    void seek(KafkaConsumer<?, ?> consumer, List<TopicPartition> ids);

    record Earliest() implements StartingOffsets {
        @Override
        public void seek(KafkaConsumer<?, ?> consumer, List<TopicPartition> ids) {
            consumer.seekToBeginning(ids);
        }
    }

    record Latest() implements StartingOffsets {
        @Override
        public void seek(KafkaConsumer<?, ?> consumer, List<TopicPartition> ids) {
            consumer.seekToEnd(ids);
        }
    }

    record Timestamp(long epochMillis) implements StartingOffsets {
        @Override
        public void seek(KafkaConsumer<?, ?> consumer, List<TopicPartition> ids) {
            Map<TopicPartition, Long> query = new HashMap<>();
            ids.forEach(id -> query.put(id, epochMillis));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            seekEach(consumer, ids, id -> found.get(id) == null ? null : found.get(id).offset(), consumer::seekToEnd);
        }
    }

    /** Needs the source's consumer group (checked when the reader starts). */
    record Committed() implements StartingOffsets {
        @Override
        public void seek(KafkaConsumer<?, ?> consumer, List<TopicPartition> ids) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new LinkedHashSet<>(ids));
            seekEach(consumer, ids, id -> committed.get(id) == null ? null : committed.get(id).offset(), consumer::seekToBeginning);
        }
    }

    /** Seeks each partition to its {@code offset}; those without one (null) go to {@code otherwise}, if there are any. */
    private static void seekEach(KafkaConsumer<?, ?> consumer, List<TopicPartition> ids, Function<TopicPartition, Long> offset,
                                 java.util.function.Consumer<List<TopicPartition>> otherwise) {
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition id : ids) {
            Long at = offset.apply(id);
            if (at == null) {
                none.add(id);
            } else {
                consumer.seek(id, at);
            }
        }
        if (!none.isEmpty()) { // an empty list would seek every assigned partition
            otherwise.accept(none);
        }
    }
}
