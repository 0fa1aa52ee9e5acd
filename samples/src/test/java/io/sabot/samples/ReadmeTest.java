package io.sabot.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of README.md, compiled as it stands (imports included) against the project's
 * artifacts, and run with inputs whose results are computed here by hand.
 */
class ReadmeTest {

    @TempDir
    static Path classes;

    private static DocSnippets snippets;

    @BeforeAll
    static void compileTheReadmesSnippets() throws Exception {
        snippets = new DocSnippets(Path.of("..", "README.md"), classes);
        assertEquals(List.of("VwapJob", "FeaturesJob", "StandaloneEwma"), snippets.classNames);
    }

    @Test
    void theVwapJobComputesTheCumulativeVwapOfEachSymbol(@TempDir Path dir) throws Exception {
        Path trades = Files.writeString(dir.resolve("trades.csv"), """
                symbol,ts,price,size
                AAPL,1,10.0,100
                MSFT,2,300.0,1
                AAPL,3,12.0,300
                MSFT,4,330.0,2
                AAPL,5,11.0,0
                """);
        Path vwap = dir.resolve("vwap.csv");
        main("VwapJob", trades.toString(), vwap.toString());
        List<String> lines = Files.readAllLines(vwap);
        assertEquals("symbol,ts,vwap", lines.get(0));
        // By hand: AAPL (10·100)/100 = 10; (1000 + 3600)/400 = 11.5; a zero-size trade keeps 11.5.
        //          MSFT 300/1 = 300; (300 + 660)/3 = 320.
        assertEquals(List.of("AAPL,1,10.0", "AAPL,3,11.5", "AAPL,5,11.5"),
                lines.stream().filter(l -> l.startsWith("AAPL")).toList());
        assertEquals(List.of("MSFT,2,300.0", "MSFT,4,320.0"), lines.stream().filter(l -> l.startsWith("MSFT")).toList());
    }

    @Test
    void theFeaturesJobWritesOneRowPerQuote(@TempDir Path dir) throws Exception {
        Path quotes = Files.writeString(dir.resolve("quotes.csv"), """
                symbol,ts,bid,ask,bid_size,ask_size
                A,1,10.0,10.2,5,7
                B,2,20.0,20.4,1,1
                A,3,10.1,10.3,6,4
                """);
        String printed = main("FeaturesJob", quotes.toString(), dir.resolve("features.arrow").toString());
        assertEquals(List.of("3 rows"), printed.lines().filter(line -> line.endsWith(" rows")).toList());
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator();
             ArrowFileReader reader = new ArrowFileReader(Files.newByteChannel(dir.resolve("features.arrow")), allocator)) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        assertEquals(3, rows, "the Arrow file holds one row per quote");
    }

    @Test
    void theStandaloneAgentPrintsTheEwmaOfEachRow() throws Exception {
        // EWMA with alpha 0.3: A starts at 10, B at 20, then A 0.3·12 + 0.7·10 = 10.6
        assertEquals(List.of("A 10.0", "B 20.0", "A 10.6"), main("StandaloneEwma").lines()
                .filter(line -> line.matches("[AB] [0-9.]+")).toList()); // the test's log shares the console
    }

    /** Runs a snippet's main method and returns what it printed (with this module's test log); it throws nothing. */
    private static String main(String className, String... args) throws Exception {
        String output = snippets.main(className, args);
        assertFalse(output.contains("Exception"), output);
        return output;
    }
}
