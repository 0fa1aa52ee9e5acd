package io.sabot.state.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Records in state: written component by component, nulls and nesting kept, shape in the id, Jackson for the rest. */
class RecordSerializerTest {

    public record Inner(String venue, int lot) {}

    public record Trade(String symbol, long ts, double price, Long size, Integer flags, boolean buy, Boolean odd,
                        Inner where) {}

    public record WithArray(String symbol, double[] prices) {}

    public record WithList(String symbol, List<String> tags) {}

    @Test
    void aRecordRoundTripsWithItsNullsAndNestedRecords() {
        TypeSerializer<Trade> serializer = TypeSerializers.forClass(Trade.class);
        assertInstanceOf(RecordSerializer.class, serializer);
        for (Trade trade : List.of(new Trade("AAPL", 1L, 190.5, 100L, 7, true, false, new Inner("XNAS", 100)),
                new Trade(null, -5L, Double.NaN, null, null, false, null, null),
                new Trade("", Long.MAX_VALUE, -0.0, Long.MIN_VALUE, Integer.MIN_VALUE, true, true, new Inner(null, 0)))) {
            assertEquals(trade, serializer.fromBytes(serializer.toBytes(trade)));
        }
    }

    @Test
    void itsIdNamesTheRecordsShapeSoAnotherShapeIsRefusedOnRestore() {
        assertEquals("record:" + Inner.class.getName() + "(venue:string,lot:int)", TypeSerializers.forClass(Inner.class).id());
    }

    @Test
    void immutableRecordsAreNotCopiedButOnesWithArraysAreCopiedDeeply() {
        Trade trade = new Trade("A", 1, 2, 3L, 4, true, null, new Inner("V", 1));
        assertSame(trade, TypeSerializers.forClass(Trade.class).copy(trade));
        WithArray prices = new WithArray("A", new double[] {1, 2});
        WithArray copy = TypeSerializers.forClass(WithArray.class).copy(prices);
        assertNotSame(prices.prices(), copy.prices());
        assertArrayEquals(prices.prices(), copy.prices());
    }

    @Test
    void aRecordWithAComponentItCannotWriteGoesThroughJackson() {
        TypeSerializer<WithList> serializer = TypeSerializers.forClass(WithList.class);
        assertInstanceOf(JacksonSerializer.class, serializer);
        WithList value = new WithList("A", List.of("x", "y"));
        assertEquals(value, serializer.fromBytes(serializer.toBytes(value)));
    }
}
