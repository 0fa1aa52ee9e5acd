package io.sabot.actors.io.kafka;

import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.kafka.broker.EmbeddedKafkaBroker;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** What the Kafka connector tests share: a real broker in this JVM per test class, an allocator per test (leaks fail it), rows symbol,ts,price. */
abstract class KafkaBrokerTestBase {

    static final Schema SCHEMA = SchemaBuilder.of().utf8("symbol").int64("ts").float64("price").build();
    static EmbeddedKafkaBroker broker;
    final BufferAllocator allocator = new RootAllocator();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }
}
