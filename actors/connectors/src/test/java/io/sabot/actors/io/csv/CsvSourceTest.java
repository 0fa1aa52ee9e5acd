package io.sabot.actors.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.actors.api.SourceContext;
import io.sabot.actors.api.SourceReader;
import io.sabot.actors.batch.SchemaBuilder;
import io.sabot.actors.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {

    private static final Schema SCHEMA = SchemaBuilder.of()
            .utf8("symbol").int64("ts").float64("price").int32("size").bool("buy").build();

    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        allocator.close();
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, content);
        return file;
    }

    /** Every row as text, "symbol|ts|price|size|buy", nulls as "null". */
    private List<String> readAll(Path file, int batchSize, long startOffset) throws IOException {
        List<String> rows = new ArrayList<>();
        try (SourceReader reader = CsvSource.of(file, SCHEMA).withBatchSize(batchSize)
                .createReader(new SourceContext(0, 1, startOffset, allocator))) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot b = batch) {
                    for (int r = 0; r < b.getRowCount(); r++) {
                        List<String> row = new ArrayList<>();
                        for (var v : b.getFieldVectors()) {
                            row.add(String.valueOf(v.getObject(r)));
                        }
                        rows.add(String.join("|", row));
                    }
                }
            }
            assertNull(reader.next(), "stays at the end");
        }
        return rows;
    }

    @Test
    void lineNumbersNameTheLineEachRowStartsOn() throws IOException {
        Path file = write("symbol,ts,price,size,buy\n"
                + "A,1,1.0,1,true\n"
                + "\n"
                + "\"B\nB\",2,2.0,2,false\n"
                + "C,3,3.0,3,true\n");
        CsvSource source = CsvSource.of(file, SCHEMA).withLineNumbers("line");
        assertEquals("line", source.schema().getFields().get(SCHEMA.getFields().size()).getName());
        List<Long> lines = new ArrayList<>();
        try (SourceReader reader = source.withBatchSize(2).createReader(new SourceContext(0, 1, 1, allocator))) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot b = batch) {
                    for (int r = 0; r < b.getRowCount(); r++) {
                        lines.add((Long) b.getVector("line").getObject(r));
                    }
                }
            }
        }
        assertEquals(List.of(4L, 6L), lines, "after a skipped first row: the quoted row starts on line 4, after a blank line");
        assertThrows(IllegalArgumentException.class, () -> CsvSource.of(file, SCHEMA).withLineNumbers("price"));
    }

    @Test
    void requirementsRejectTheFirstBadRowNamingLineAndColumn() throws IOException {
        Path file = write("symbol,ts,price,size,buy\n"
                + "A,1,1.0,1,true\n"
                + "B,2,-1.0,2,true\n"
                + ",3,3.0,3,true\n");
        CsvSource positive = CsvSource.of(file, SCHEMA).require("price", p -> p > 0, "positive");
        BadInputException bad = assertThrows(BadInputException.class, () -> readAll(positive));
        assertTrue(bad.getMessage().contains("line 3") && bad.getMessage().contains("price")
                && bad.getMessage().contains("is not positive"), bad.getMessage());
        CsvSource named = CsvSource.of(file, SCHEMA).requireValue("symbol");
        BadInputException empty = assertThrows(BadInputException.class, () -> readAll(named));
        assertTrue(empty.getMessage().contains("line 4") && empty.getMessage().contains("symbol"), empty.getMessage());

        IllegalArgumentException notNumeric = assertThrows(IllegalArgumentException.class,
                () -> CsvSource.of(file, SCHEMA).require("symbol", v -> v > 0, "positive"));
        assertTrue(notNumeric.getMessage().contains("'symbol'"), notNumeric.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvSource.of(file, SCHEMA).requireValue("volume"));
    }

    /** Reads every batch of {@code source}, for the errors it raises. */
    private void readAll(CsvSource source) throws IOException {
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                batch.close();
            }
        }
    }

    @Test
    void readsTypedColumnsByHeaderNameWithQuotesAndNulls() throws IOException {
        Path file = write("\uFEFFts,extra,symbol,price,size,buy\r\n"
                + "1,x,AAPL,10.5,100,true\r\n"
                + "2,y,\"BRK,B\",,7,0\r\n"
                + "\n"
                + "3,z,\"say \"\"hi\"\"\",-0.25,-3,FALSE\n"
                + "4,\"multi\nline\",\"\",1e3,0,1\n"
                + "5,\"q\"\"\nx\",\"a\"\"\"\"b\",2,0,1");
        List<String> rows = readAll(file, 2, 0);
        assertEquals(List.of("AAPL|1|10.5|100|true", "BRK,B|2|null|7|false", "say \"hi\"|3|-0.25|-3|false",
                "|4|1000.0|0|true", "a\"\"b|5|2.0|0|true"), rows);
    }

    @Test
    void resumesFromAnOffset() throws IOException {
        StringBuilder csv = new StringBuilder("symbol,ts,price,size,buy\n");
        for (int i = 0; i < 1000; i++) {
            csv.append("S").append(i % 3).append(',').append(i).append(",1.5,1,true\n");
        }
        Path file = write(csv.toString());
        List<String> all = readAll(file, 64, 0);
        assertEquals(1000, all.size());
        assertEquals(all.subList(777, 1000), readAll(file, 64, 777));
        assertEquals(List.of(), readAll(file, 64, 1000));
    }

    private BadInputException failure(String content) throws IOException {
        Path file = write(content);
        return assertThrows(BadInputException.class, () -> readAll(file, 4, 0));
    }

    @Test
    void badInputNamesFileLineAndColumn() throws IOException {
        String header = "symbol,ts,price,size,buy\n";
        String file = dir.resolve("in.csv").toString();
        assertEquals(file + " line 3, column 'price': 'abc' is not a number",
                failure(header + "A,1,2.0,1,true\nA,2,abc,1,true\n").getMessage());
        assertEquals(file + " line 2, column 'ts': '1.5' is not an integer",
                failure(header + "A,1.5,2.0,1,true\n").getMessage());
        assertEquals(file + " line 2, column 'size': '3000000000' does not fit a 32-bit integer",
                failure(header + "A,1,2.0,3000000000,true\n").getMessage());
        assertEquals(file + " line 2, column 'buy': 'yes' is not a boolean (true/false/1/0)",
                failure(header + "A,1,2.0,1,yes\n").getMessage());
        assertEquals(file + " line 4: expected 5 fields (as in the header), found 4",
                failure(header + "A,1,2,1,true\nA,1,2,1,true\nA,1,2,1\n").getMessage());
        assertEquals(file + " line 1, column 'size': the header has no such column (header: symbol,ts,price,buy)",
                failure("symbol,ts,price,buy\n").getMessage());
        assertEquals(file + " line 1: the file is empty; expected a header line", failure("").getMessage());
        assertTrue(failure(header + "A,1,2,1,\"true\n").getMessage()
                .startsWith(file + " line 2: a quoted field opened on line 2 is never closed"));
        assertEquals(file + " line 2: field 1 has a quote inside an unquoted value",
                failure(header + "A\"B,1,2,1,true\n").getMessage());
    }

    /** A file with every kind of record a reader keeping unreadable rows must read past. */
    private static final String UNREADABLE = "symbol,ts,price,size,buy\n"
            + "A,1,1.0,1,true\n"                  // line 2
            + "B,2,abc,2,true\n"                  // line 3: not a number
            + "C,3,3.0,3\n"                       // line 4: a field short
            + "\"D,D\",4,4.0,4,false\n"            // line 5: fine, quoted
            + "\"E\"x,5,5.0,5,true\n"               // line 6: text after a closing quote
            + "\"F \"\"q\"\"\",6,-1.0,6,true\n"      // line 7: breaks the requirement, quoted
            + "\n"
            + "G,7,7.0,7,true\r\n"                // line 9
            + "H,8,8.0,8,\"true\n"                // line 10: a quote never closed, to the end
            + "I,9,9.0,9,true\n";

    /** What reading {@link #UNREADABLE} gives: symbol|ts|price|size|buy|line|problem|text. */
    private static final List<String> UNREADABLE_ROWS = List.of(
            "A|1|1.0|1|true|2|null|null",
            "null|null|null|null|null|3|column 'price': 'abc' is not a number|B,2,abc,2,true",
            "null|null|null|null|null|4|expected 5 fields (as in the header), found 4|C,3,3.0,3",
            "D,D|4|4.0|4|false|5|null|null",
            "null|null|null|null|null|6|field 1 has text after its closing quote|\"E\"x,5,5.0,5,true",
            "null|null|null|null|null|7|column 'price': value -1.0 is not positive|\"F \"\"q\"\"\",6,-1.0,6,true",
            "G|7|7.0|7|true|9|null|null",
            "null|null|null|null|null|10|a quoted field opened on line 10 is never closed|H,8,8.0,8,\"true\nI,9,9.0,9,true\n");

    private CsvSource keepingUnreadable(Path file, int batchSize) {
        return CsvSource.of(file, SCHEMA).require("price", p -> p > 0, "positive").withLineNumbers("line")
                .withUnreadableRows("problem", "text").withBatchSize(batchSize);
    }

    /** Every row the reader gives until its end, as "a|b|c" with nulls as "null". */
    private static List<String> rows(SourceReader reader) throws IOException {
        List<String> rows = new ArrayList<>();
        VectorSchemaRoot batch;
        while ((batch = reader.next()) != null) {
            try (VectorSchemaRoot b = batch) {
                for (int r = 0; r < b.getRowCount(); r++) {
                    List<String> row = new ArrayList<>();
                    for (var v : b.getFieldVectors()) {
                        row.add(String.valueOf(v.getObject(r)));
                    }
                    rows.add(String.join("|", row));
                }
            }
        }
        return rows;
    }

    @Test
    void recordsThatCannotBeReadBecomeRowsWithTheirProblemAndTextWhenKept() throws IOException {
        Path file = write(UNREADABLE);
        for (int batchSize : new int[] {1, 3, 100}) {
            try (SourceReader reader = keepingUnreadable(file, batchSize).createReader(new SourceContext(0, 1, 0, allocator))) {
                assertEquals(UNREADABLE_ROWS, rows(reader), "batches of " + batchSize);
            }
        }
        assertEquals(List.of("symbol", "ts", "price", "size", "buy", "line", "problem", "text"),
                keepingUnreadable(file, 1).schema().getFields().stream().map(f -> f.getName()).toList());
        BadInputException strict = assertThrows(BadInputException.class,
                () -> readAll(CsvSource.of(file, SCHEMA).withLineNumbers("line")));
        assertEquals(file + " line 3, column 'price': 'abc' is not a number", strict.getMessage(), "without: fails as ever");
        assertEquals("column 'price': 'abc' is not a number", strict.reason());
        assertEquals(strict.getMessage(), BadInputException.ofReason(file.toString(), 3, strict.reason()).getMessage());
        assertEquals("price", BadInputException.ofReason(file.toString(), 3, strict.reason()).column());
        assertEquals(file + " line 4: expected 5 fields (as in the header), found 4",
                BadInputException.ofReason(file.toString(), 4, "expected 5 fields (as in the header), found 4").getMessage());
    }

    @Test
    void aRestoredReaderContinuesAfterTheUnreadableRowsItReadPast() throws IOException {
        Path file = write(UNREADABLE);
        CsvSource source = keepingUnreadable(file, 2);
        List<Long> offsets = new ArrayList<>();
        List<byte[]> positions = new ArrayList<>();
        try (SourceReader reader = source.createReader(new SourceContext(0, 1, 0, allocator))) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                batch.close();
                offsets.add(reader.offset());
                positions.add(reader.position());
            }
        }
        assertEquals(List.of(2L, 4L, 6L, 8L), offsets, "every record is a row");
        for (int i = 0; i < offsets.size(); i++) {
            int offset = offsets.get(i).intValue();
            try (SourceReader restored = source.createReader(new SourceContext(0, 1, offset, positions.get(i), allocator))) {
                assertEquals(UNREADABLE_ROWS.subList(offset, UNREADABLE_ROWS.size()), rows(restored), "from position " + i);
            }
            try (SourceReader skipped = source.createReader(new SourceContext(0, 1, offset, allocator))) {
                assertEquals(UNREADABLE_ROWS.subList(offset, UNREADABLE_ROWS.size()), rows(skipped), "skipping " + offset);
            }
        }
    }

    @Test
    void unsupportedColumnTypeIsRejectedWhenTheSourceIsDeclared() {
        Schema schema = SchemaBuilder.of().add("d", new org.apache.arrow.vector.types.pojo.ArrowType.Date(
                org.apache.arrow.vector.types.DateUnit.DAY)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvSource.of(dir, schema));
        assertTrue(e.getMessage().startsWith("column 'd' has type Date(DAY)"), e.getMessage());
    }
}
