package io.sabot.actors.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The broker takes transactions with group offsets in them, and a read_committed consumer sees only committed records. */
class EmbeddedKafkaBrokerTest {

    @Test
    void transactionsWithOffsetsCommitAtomically() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic("t", 2);
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1");
            try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", 0, "k", "committed"));
                producer.sendOffsetsToTransaction(Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(7, "run:7")),
                        new ConsumerGroupMetadata("marker-group"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", 0, "k", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }
            var committed = broker.admin().listConsumerGroupOffsets("marker-group").partitionsToOffsetAndMetadata().get();
            assertEquals(new OffsetAndMetadata(7, "run:7").metadata(), committed.get(new TopicPartition("t", 0)).metadata());
            assertEquals(7, committed.get(new TopicPartition("t", 0)).offset());
            Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<String> seen = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(Set.of(new TopicPartition("t", 0)));
                consumer.seekToBeginning(Set.of(new TopicPartition("t", 0)));
                long end = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < end && consumer.position(new TopicPartition("t", 0)) < 4) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
                }
            }
            assertEquals(List.of("committed"), seen);
        }
    }
}
