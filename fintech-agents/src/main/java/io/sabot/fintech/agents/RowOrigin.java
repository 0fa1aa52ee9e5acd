package io.sabot.fintech.agents;

/** Where checked rows come from, as an error or a dead letter names a row. */
public sealed interface RowOrigin {

    /** Lines of a file: the int64 column {@code lineColumn} holds the line each row starts on. */
    record FileLines(String file, String lineColumn) implements RowOrigin {}

    /** Records of a Kafka topic: the int32 column {@code partitionColumn} and the int64 column {@code offsetColumn}. */
    record TopicRecords(String topic, String partitionColumn, String offsetColumn) implements RowOrigin {}
}
