package io.sabot.samples.cli;

import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectionSource;
import io.sabot.actors.io.csv.CsvSink;
import io.sabot.actors.runtime.JobResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The records a command collected, each list sorted (stably) and written as a CSV file by one small
 * job: how {@code bars} and {@code enrich} write a file in a fixed order whatever the parallelism.
 */
final class SortedCsv {

    private final JobBuilder job;

    SortedCsv(String jobName) {
        this.job = JobBuilder.named(jobName);
    }

    /** Writes {@code records}, sorted by {@code order}, to {@code file} (nothing when it is null) as vertex {@code name}. */
    <T extends Record> SortedCsv add(String name, Class<T> type, List<T> records, Comparator<T> order, Path file) {
        if (file != null) {
            List<T> sorted = new ArrayList<>(records);
            sorted.sort(order);
            job.source(name, CollectionSource.of(type, sorted).withBatchSize(8192)).sinkTo(name + "-csv", CsvSink.to(file));
        }
        return this;
    }

    /** Writes the files on {@code node}; how the job ended. */
    JobResult write(SabotNode node) throws InterruptedException {
        return node.run(job.build());
    }
}
