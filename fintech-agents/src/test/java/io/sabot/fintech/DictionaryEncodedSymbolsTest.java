package io.sabot.fintech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sabot.actors.cluster.SabotNode;
import io.sabot.actors.graph.DataStream;
import io.sabot.actors.graph.JobBuilder;
import io.sabot.actors.io.CollectSink;
import io.sabot.actors.runtime.JobResult;
import io.sabot.fintech.kernels.Features;
import io.sabot.fintech.source.SyntheticQuotes;
import io.sabot.state.backend.StateBackendConfig;
import io.sabot.state.backend.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quotes whose symbols are dictionary-encoded give, through a whole job, exactly what the same
 * quotes with plain symbols give: through a keyBy exchange that splits batches (each part carries
 * the dictionary), serialized between tasks, into keyed state on every backend, and decoded for the sink.
 */
class DictionaryEncodedSymbolsTest {

    public record Feature(String symbol, long ts, double mid, Double ofi, Double mid_ewma, Double mid_zscore) {}

    @TempDir
    Path directory;

    private static final SyntheticQuotes QUOTES = SyntheticQuotes.of(300, 30_000).withBatchSize(2048);

    private Map<String, List<Feature>> run(SyntheticQuotes quotes, boolean partitioned, StateBackendKind backend,
                                           boolean serializeMessages) throws Exception {
        CollectSink<Feature> sink = CollectSink.of(Feature.class);
        JobBuilder job = JobBuilder.named("symbols").maxParallelism(128)
                .stateBackend(StateBackendConfig.of(backend).withLocalDirectory(directory));
        Features features = Features.builder().mid().ofi().ewma("mid", 0.1).rolling("mid", 5).build();
        DataStream source = partitioned ? job.source("quotes", quotes.partitionedByKey(128), 2) : job.source("quotes", quotes);
        (partitioned ? source.reinterpretAsKeyedStream("symbol") : source.keyBy("symbol"))
                .process("features", features, 2)
                .sinkTo("out", sink);
        JobResult result;
        try (SabotNode node = SabotNode.start(ConfigFactory.parseString(
                "pekko.actor.serialize-messages = " + (serializeMessages ? "on" : "off")))) {
            result = node.execute(job.build());
        }
        assertTrue(result.succeeded(), result.error());
        Map<String, List<Feature>> bySymbol = new TreeMap<>();
        sink.records().forEach(f -> bySymbol.computeIfAbsent(f.symbol(), s -> new ArrayList<>()).add(f));
        return bySymbol;
    }

    @Test
    void aKeyByExchangeSplitsEncodedBatchesAndTheyTravelSerialized() throws Exception {
        Map<String, List<Feature>> plain = run(QUOTES, false, StateBackendKind.HEAP, false);
        assertEquals(300, plain.size());
        assertEquals(plain, run(QUOTES.withDictionaryEncodedSymbols(), false, StateBackendKind.COLUMNAR, true));
    }

    @Test
    void aPartitionedEncodedSourceFeedsKeyedStateOnRocksDb() throws Exception {
        assertEquals(run(QUOTES, true, StateBackendKind.HEAP, false),
                run(QUOTES.withDictionaryEncodedSymbols(), true, StateBackendKind.ROCKSDB, false));
    }
}
