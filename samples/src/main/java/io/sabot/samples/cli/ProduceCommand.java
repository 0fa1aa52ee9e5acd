package io.sabot.samples.cli;

import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.cluster.JobHandle;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.csv.CsvSource;
import io.sabot.actors.io.kafka.DeliveryGuarantee;
import io.sabot.actors.io.kafka.KafkaSink;
import io.sabot.actors.io.kafka.ValueFormat;
import io.sabot.actors.runtime.JobResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sabot produce}: replays a CSV file into a Kafka topic, one record per row (the row as a CSV
 * line, no header; the key the text of {@code --key}), as a Sabot job (CSV source → Kafka sink), so
 * that it can be paced like a market-data feed.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Replays a CSV file (with a header) into a Kafka topic: one record per row, the row's fields as a"
                + " CSV line in the file's column order, keyed by --key, optionally at a given pace.")
final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--input", required = true, description = "CSV file with a header line.")
    Path input;

    @Option(names = "--topic", required = true, description = "The topic to write to (it must exist).")
    String topic;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers (host:port,...).")
    String bootstrap;

    @Option(names = "--key", defaultValue = "symbol", description = "The column whose text keys each record (default: ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--columns", split = ",", paramLabel = "NAME,...",
            description = "The columns to write, in this order (default: every column of the file, in its order).")
    List<String> columns;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json",
            description = "Values as CSV lines or JSON objects (all text members) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--key-groups", paramLabel = "N",
            description = "Put each record in the partition Flink's key-group assignment gives its key (N key groups: the"
                    + " reading job's max parallelism, 128 for jobs up to parallelism 85), so that a job can read the topic"
                    + " keyed by partition, without a reshuffle (default: Kafka's partitioner).")
    Integer keyGroups;

    @Option(names = "--delivery", defaultValue = "at-least-once", paramLabel = "GUARANTEE",
            description = "at-least-once (records are visible as they are sent), exactly-once (visible at each checkpoint,"
                    + " see --checkpoint-interval, and at the end) or none (default: ${DEFAULT-VALUE}).")
    String delivery;

    @Override
    public Integer call() throws Exception {
        InputFile.check(spec, "--input", input);
        Schema written = header();
        DeliveryGuarantee guarantee = KafkaOptions.delivery(spec, delivery);
        Arguments.require(spec, format.equals("csv") || format.equals("json"), "--format must be csv or json, was '" + format + "'");
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Sabot produce: %s -> topic %s on %s (key %s)%n", input, topic, bootstrap, key);
        out.flush();
        Arguments.require(spec, keyGroups == null || keyGroups >= 1, "--key-groups must be at least 1");
        KafkaSink sink = KafkaSink.to(bootstrap, topic).keyColumn(key).deliveryGuarantee(guarantee)
                .format(ValueFormat.valueOf(format.toUpperCase(Locale.ROOT))).transactionalIdPrefix("sabot-produce-" + topic);
        JobBuilder job = JobBuilder.named("produce-" + topic);
        job.source("rows", run.paced(CsvSource.of(input, written)))
                .sinkTo("topic", keyGroups == null ? sink : sink.partitionByKeyGroups(keyGroups));
        JobResult result;
        try (SabotNode node = SabotNode.start(run.nodeConfig())) {
            JobHandle handle = run.submit(node, job.build());
            new Progress(out, System.console() != null, InputFile.lines(input) - 1)
                    .follow(() -> handle.metrics().rowsIn("rows"), () -> 0, () -> handle.result().toCompletableFuture().isDone());
            result = handle.result().toCompletableFuture().get();
        }
        OptionalInt ended = run.unsuccessful(result, "producing to " + topic);
        if (ended.isPresent()) {
            return ended.getAsInt();
        }
        double seconds = result.duration().toNanos() / 1e9;
        long rows = result.stats("rows").rowsOut();
        out.print(Format.table("Summary", List.of(
                new String[] {"records", String.format(Locale.ROOT, "%,d", rows)},
                new String[] {"topic", topic},
                new String[] {"elapsed", String.format(Locale.ROOT, "%.2f s", seconds)},
                new String[] {"records/s", String.format(Locale.ROOT, "%,.0f", rows / Math.max(seconds, 1e-9))})));
        out.flush();
        return 0;
    }

    /**
     * The columns written, as text (the fields go out as they are, re-quoted only where they must be):
     * {@code --columns}, each checked against the header, else the header's.
     */
    private Schema header() throws IOException {
        List<String> names;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            Arguments.require(spec, line != null && !line.isBlank(), "--input " + input + ": no header line");
            names = Arrays.stream(line.split(",", -1)).map(String::strip).toList();
        }
        Arguments.require(spec, columns == null || columns.contains(key), "--key " + key + " is not one of --columns " + columns);
        for (String column : columns == null ? List.of(key) : columns) {
            Arguments.require(spec, names.contains(column), (column.equals(key) ? "--key " : "--columns: ") + column
                    + " is not a column of " + input + " " + names);
        }
        SchemaBuilder schema = SchemaBuilder.of();
        (columns == null ? names : columns).forEach(schema::utf8);
        return schema.build();
    }

}
