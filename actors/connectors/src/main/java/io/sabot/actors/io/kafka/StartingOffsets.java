package io.sabot.actors.io.kafka;

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

    record Earliest() implements StartingOffsets {}

    record Latest() implements StartingOffsets {}

    record Timestamp(long epochMillis) implements StartingOffsets {}

    record Committed() implements StartingOffsets {}
}
