package io.sabot.actors.io.csv;

import io.sabot.actors.api.SourceReader;
import io.sabot.actors.io.BadInputException;
import io.sabot.actors.io.Excerpt;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a CSV file into batches of a declared schema, starting after {@code startOffset} data rows.
 * A record that cannot be read fails the reader, or, when asked to keep unreadable rows, becomes a
 * row of nulls with its problem and text (see {@link CsvSource#withUnreadableRows}); either way every
 * record is one row, so the offset and the position count the same records.
 */
final class CsvReader implements SourceReader {

    private final String file;
    private final Schema schema;       // the declared columns
    private final Schema batchSchema;  // the declared columns and, if asked for, the line numbers
    private final int batchSize;
    private final BufferAllocator allocator;
    private CsvLineReader lines;
    private final int headerFields;
    private final int[] columnToField; // schema column -> field index in a record
    private final List<CsvSource.Requirement> requirements;
    private final int[] requirementColumns;
    private final boolean lineNumbers;       // the column after the declared ones holds line numbers
    private final boolean keepUnreadable;    // the last two columns hold the problem and the text of unreadable rows
    private long offset;
    private boolean done;

    /**
     * Positioned after {@code startOffset} data rows: at {@code startPosition} (a {@link #position()}
     * of an earlier reader of the same file) without reading what comes before, or by skipping rows.
     */
    CsvReader(Path path, Schema schema, Schema batchSchema, int batchSize, List<CsvSource.Requirement> requirements,
              boolean lineNumbers, boolean keepUnreadable, long startOffset, byte[] startPosition,
              BufferAllocator allocator) throws IOException {
        this.file = path.toString();
        this.lineNumbers = lineNumbers;
        this.keepUnreadable = keepUnreadable;
        this.schema = schema;
        this.batchSchema = batchSchema;
        this.requirements = requirements;
        this.requirementColumns = new int[requirements.size()];
        for (int r = 0; r < requirementColumns.length; r++) {
            String column = requirements.get(r).column();
            requirementColumns[r] = schema.getFields().indexOf(schema.findField(column));
        }
        this.batchSize = batchSize;
        this.allocator = allocator;
        try {
            this.lines = newLineReader(Files.newInputStream(path), 0, 1);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, 0, null, "no such file");
        }
        try {
            if (!nextRecord()) {
                throw new BadInputException(file, 1, null, "the file is empty; expected a header line");
            }
            this.headerFields = lines.fieldCount();
            this.columnToField = matchHeader();
            if (startPosition != null) {
                seek(path, startPosition);
                offset = startOffset;
            } else {
                skip(startOffset);
            }
        } catch (IOException | RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    /** Continues at a byte offset and line a {@link #position()} recorded (the header was read already). */
    private void seek(Path path, byte[] position) throws IOException {
        ByteBuffer at = ByteBuffer.wrap(position);
        long byteOffset = at.getLong();
        long line = at.getLong();
        if (byteOffset > Files.size(path)) {
            throw new BadInputException(file, line, null, "the file is shorter than when it was read up to byte "
                    + byteOffset + ": it changed since the checkpoint this job restores");
        }
        lines.close();
        InputStream in = Files.newInputStream(path);
        in.skipNBytes(byteOffset);
        lines = newLineReader(in, byteOffset, line);
    }

    private CsvLineReader newLineReader(InputStream in, long startByte, long startLine) {
        CsvLineReader reader = new CsvLineReader(new BufferedInputStream(in, 1 << 16), startByte, startLine);
        if (keepUnreadable) {
            reader.keepText();
        }
        return reader;
    }

    /** The byte offset and line after the last record read: a restored reader continues there. */
    @Override
    public byte[] position() {
        return ByteBuffer.allocate(16).putLong(lines.byteOffset()).putLong(lines.nextLine()).array();
    }

    private int[] matchHeader() throws BadInputException {
        Map<String, Integer> header = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.fieldCount(); i++) {
            String name = lines.text(i).strip();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1); // a UTF-8 byte order mark
            }
            if (header.putIfAbsent(name, i) != null) {
                throw new BadInputException(file, 1, Excerpt.of(name, Excerpt.LINE),
                        "the header names this column twice");
            }
            names.add(name);
        }
        int[] mapping = new int[schema.getFields().size()];
        for (int c = 0; c < mapping.length; c++) {
            Field field = schema.getFields().get(c);
            Integer index = header.get(field.getName());
            if (index == null) {
                throw new BadInputException(file, 1, field.getName(),
                        "the header has no such column (header: " + Excerpt.of(String.join(",", names), Excerpt.LINE)
                                + ")");
            }
            mapping[c] = index;
        }
        return mapping;
    }

    private void skip(long rows) throws IOException {
        while (offset < rows) {
            try {
                if (!nextRecord()) {
                    return;
                }
            } catch (BadInputException e) {
                if (!keepUnreadable) {
                    throw e;
                } // else it was a row of the earlier run too
            }
            offset++;
        }
    }

    @Override
    public VectorSchemaRoot next() throws IOException {
        if (done) {
            return null;
        }
        VectorSchemaRoot batch = VectorSchemaRoot.create(batchSchema, allocator);
        try {
            List<FieldVector> vectors = batch.getFieldVectors();
            for (FieldVector vector : vectors) {
                vector.setInitialCapacity(batchSize);
                vector.allocateNew();
            }
            int rows = 0;
            while (rows < batchSize) {
                try {
                    if (!nextRecord()) {
                        break;
                    }
                    parseRecord(vectors, rows);
                } catch (BadInputException e) {
                    if (!keepUnreadable) {
                        throw e;
                    }
                    unreadable(vectors, rows, e); // the record was read past: the position stays right
                }
                rows++;
            }
            if (rows < batchSize) {
                done = true;
            }
            if (rows == 0) {
                batch.close();
                return null;
            }
            batch.setRowCount(rows);
            offset += rows;
            return batch;
        } catch (IOException | RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    private void parseRecord(List<FieldVector> vectors, int row) throws BadInputException {
        if (lines.fieldCount() != headerFields) {
            throw new BadInputException(file, lines.line(), null,
                    "expected " + headerFields + " fields (as in the header), found " + lines.fieldCount());
        }
        byte[] bytes = lines.bytes();
        for (int c = 0; c < columnToField.length; c++) {
            int f = columnToField[c];
            FieldVector vector = vectors.get(c);
            int start = lines.start(f);
            int end = lines.end(f);
            if (start == end && !lines.quoted(f)) {
                vector.setNull(row);
                continue;
            }
            String problem = CsvColumnParser.parse(vector, row, bytes, start, end);
            if (problem != null) {
                throw new BadInputException(file, lines.line(), vector.getName(), problem);
            }
        }
        if (lineNumbers) {
            ((BigIntVector) vectors.get(columnToField.length)).setSafe(row, lines.line());
        }
        for (int r = 0; r < requirementColumns.length; r++) {
            FieldVector vector = vectors.get(requirementColumns[r]);
            String problem = requirements.get(r).problem(vector, row);
            if (problem != null) {
                throw new BadInputException(file, lines.line(), vector.getName(), problem);
            }
        }
    }

    /** Makes {@code row} the unreadable record {@code bad}: declared columns null, its line, problem and text. */
    private void unreadable(List<FieldVector> vectors, int row, BadInputException bad) {
        for (int c = 0; c < columnToField.length; c++) {
            vectors.get(c).setNull(row); // also those parsed before the problem
        }
        if (lineNumbers) {
            ((BigIntVector) vectors.get(columnToField.length)).setSafe(row, lines.line());
        }
        int problem = vectors.size() - 2;
        ((VarCharVector) vectors.get(problem)).setSafe(row, bad.reason().getBytes(StandardCharsets.UTF_8));
        ((VarCharVector) vectors.get(problem + 1)).setSafe(row, lines.textBytes(), 0, lines.textLength());
    }

    private boolean nextRecord() throws IOException {
        try {
            return lines.next();
        } catch (CsvLineReader.MalformedCsv e) {
            throw new BadInputException(file, lines.line(), null, e.getMessage());
        }
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
