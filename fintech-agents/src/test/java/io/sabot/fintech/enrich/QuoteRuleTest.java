package io.sabot.fintech.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.records.RecordType;
import io.sabot.fintech.kernels.KernelRunner;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The quote rule on trades joined with quotes: above, below and at the mid (decimal prices in doubles), no quote. */
class QuoteRuleTest {

    public record Joined(double price, Double bid, Double ask) {}

    public record Classified(double price, Double bid, Double ask, Double mid, Double spread, Integer side) {}

    @Test
    void aTradeIsABuyAboveTheMidASellBelowAndNeitherAtIt() throws Exception {
        List<Joined> trades = List.of(
                new Joined(100.02, 100.00, 100.04),  // at the mid, though (100.00 + 100.04) / 2 is 100.02000000000001
                new Joined(100.03, 100.00, 100.04),
                new Joined(100.01, 100.00, 100.04),
                new Joined(0.3, 0.1, 0.5),           // 0.1 + 0.5 = 0.6, twice 0.3 = 0.6: at the mid
                new Joined(100.02, null, null),      // no quote
                new Joined(5.0, 5.5, 4.5));          // a crossed quote: taken as given
        List<Classified> out = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             KernelRunner runner = new KernelRunner(new QuoteRule(), RecordType.of(Joined.class).schema(), null, allocator)) {
            VectorSchemaRoot batch;
            try (var writer = RecordType.of(Joined.class).writer(allocator)) {
                trades.forEach(writer::write);
                batch = writer.finish();
            }
            try (VectorSchemaRoot result = runner.process(batch)) {
                var reader = RecordType.of(Classified.class).reader(result);
                for (int row = 0; row < result.getRowCount(); row++) {
                    out.add(reader.read(row));
                }
            }
        }
        assertEquals(List.of(0, 1, -1, 0), out.subList(0, 4).stream().map(Classified::side).toList());
        assertEquals(100.02000000000001, out.get(0).mid());
        assertEquals(new Classified(100.02, null, null, null, null, null), out.get(4));
        assertEquals(new Classified(5.0, 5.5, 4.5, 5.0, -1.0, 0), out.get(5));
    }

    @Test
    void itNeedsFloat64PriceBidAndAsk() {
        var noBid = SchemaBuilder.of().float64("price").float64("ask").build();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new QuoteRule().outputSchema(noBid));
        assertTrue(missing.getMessage().contains("needs a float64 column 'bid'"), missing.getMessage());
        var taken = SchemaBuilder.of().float64("price").float64("bid").float64("ask").int32("side").build();
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> new QuoteRule().outputSchema(taken));
        assertTrue(clash.getMessage().contains("column 'side' is declared twice"), clash.getMessage());
    }
}
