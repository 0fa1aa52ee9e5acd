package io.sabot.samples.cli;

import io.sabot.actors.io.kafka.DeliveryGuarantee;
import io.sabot.actors.io.kafka.KafkaSink;
import io.sabot.actors.io.kafka.KafkaSource;
import io.sabot.actors.io.kafka.StartingOffsets;
import io.sabot.actors.io.kafka.ValueFormat;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What a job command takes to read its input from a Kafka topic and write its output to one, in place of files (a picocli mixin). */
final class KafkaOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka brokers (host:port,...) for --input-topic and --output-topic.")
    String bootstrap;

    @Option(names = "--input-topic", paramLabel = "TOPIC",
            description = "Read the input from this Kafka topic (values: the input file's columns, no header) in place of --input.")
    String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            description = "Write the output to this Kafka topic (one record per row, the file's columns, no header; key: the"
                    + " symbol), besides or in place of the output file.")
    String outputTopic;

    @Option(names = "--bounded",
            description = "Stop at the input topic's latest offsets of the first start, so the job ends (a restarted job"
                    + " ends at the same place); without it the job runs until stopped.")
    boolean bounded;

    @Option(names = "--kafka-format", defaultValue = "csv", paramLabel = "csv|json",
            description = "Values of the topics: CSV lines or JSON objects (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--delivery", defaultValue = "exactly-once", paramLabel = "GUARANTEE",
            description = "--output-topic: exactly-once (one transaction per checkpoint, visible when it completes to"
                    + " read_committed consumers), at-least-once or none (default: ${DEFAULT-VALUE}).")
    String delivery;

    @Option(names = "--starting-offsets", defaultValue = "earliest", paramLabel = "WHERE",
            description = "--input-topic, a first start: earliest, latest, committed (--group-id's) or an epoch-ms"
                    + " timestamp (default: ${DEFAULT-VALUE}).")
    String startingOffsets;

    @Option(names = "--group-id", paramLabel = "GROUP",
            description = "--input-topic: commit the offsets of every completed checkpoint to this consumer group, for"
                    + " monitoring (the job resumes from its checkpoints, not from these).")
    String groupId;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    boolean readsTopic() {
        return inputTopic != null;
    }

    boolean writesTopic() {
        return outputTopic != null;
    }

    /**
     * Checks the options: topics need {@code --kafka-bootstrap}; exactly one input; an exactly-once
     * output of an unbounded input needs checkpoints (it commits when they complete).
     */
    void check(boolean fileInput, boolean fileOutput, RunOptions run) {
        if ((readsTopic() || writesTopic()) && bootstrap == null) {
            throw new ParameterException(spec.commandLine(), "--input-topic and --output-topic need --kafka-bootstrap HOST:PORT");
        }
        if (fileInput == readsTopic()) {
            throw new ParameterException(spec.commandLine(), fileInput ? "give --input or --input-topic, not both"
                    : "give the input: --input FILE or --input-topic TOPIC");
        }
        if (!fileOutput && !writesTopic()) {
            throw new ParameterException(spec.commandLine(), "give an output: --output FILE and/or --output-topic TOPIC");
        }
        if (bounded && !readsTopic()) {
            throw new ParameterException(spec.commandLine(), "--bounded is about --input-topic (a file always ends)");
        }
        valueFormat();
        DeliveryGuarantee guarantee = guarantee();
        offsets();
        if (writesTopic() && guarantee == DeliveryGuarantee.EXACTLY_ONCE && readsTopic() && !bounded && run.interval == null) {
            throw new ParameterException(spec.commandLine(), "--output-topic with --delivery exactly-once commits when a"
                    + " checkpoint completes: an unbounded input needs --checkpoint-interval (or use --bounded)");
        }
    }

    /** The input topic as a source of rows of {@code schema}. */
    KafkaSource source(Schema schema) {
        KafkaSource source = KafkaSource.of(bootstrap, schema, inputTopic).format(valueFormat()).startingOffsets(offsets());
        if (groupId != null) {
            source = source.groupId(groupId);
        }
        return bounded ? source.bounded() : source;
    }

    /** The output topic as a sink keyed by {@code keyColumn}; transactional ids {@code sabot-<job>-<topic>-<subtask>}. */
    KafkaSink sink(String keyColumn, String job) {
        return KafkaSink.to(bootstrap, outputTopic).keyColumn(keyColumn).format(valueFormat()).deliveryGuarantee(guarantee())
                .transactionalIdPrefix("sabot-" + job + "-" + outputTopic);
    }

    private ValueFormat valueFormat() {
        try {
            return ValueFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kafka-format must be csv or json, was '" + format + "'");
        }
    }

    private DeliveryGuarantee guarantee() {
        return delivery(spec, delivery);
    }

    /** {@code --delivery}'s value, or a bad argument of {@code command}. */
    static DeliveryGuarantee delivery(CommandSpec command, String value) {
        try {
            return DeliveryGuarantee.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--delivery " + e.getMessage());
        }
    }

    private StartingOffsets offsets() {
        switch (startingOffsets) {
            case "earliest":
                return StartingOffsets.EARLIEST;
            case "latest":
                return StartingOffsets.LATEST;
            case "committed":
                if (groupId == null) {
                    throw new ParameterException(spec.commandLine(), "--starting-offsets committed needs --group-id");
                }
                return StartingOffsets.committed();
            default:
                try {
                    return StartingOffsets.timestamp(Long.parseLong(startingOffsets));
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(), "--starting-offsets must be earliest, latest,"
                            + " committed or an epoch-ms timestamp, was '" + startingOffsets + "'");
                }
        }
    }
}
