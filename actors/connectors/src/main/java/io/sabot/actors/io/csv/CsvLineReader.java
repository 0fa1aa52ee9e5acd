package io.sabot.actors.io.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a CSV byte stream into records (RFC 4180): fields separated by commas, optionally quoted
 * with '"' (a quote inside a quoted field is doubled), records ending in LF or CRLF; a quoted
 * field may span lines. Fields are unquoted in place in a reused buffer; nothing is allocated per
 * record.
 */
final class CsvLineReader implements AutoCloseable {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long bufferStart;     // the stream offset of buffer[0]

    private byte[] record = new byte[256];
    private int recordLength;
    private boolean recordHasQuotes;
    private boolean keepText;     // keep a record's text before unquoting it in place
    private byte[] text = new byte[256];
    private boolean textKept;     // text holds the current record (it had quotes); else record does
    private long recordLine;      // line number where the current record starts (1-based)
    private long nextLine = 1;

    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];
    private int fields;

    CsvLineReader(InputStream in) {
        this(in, 0, 1);
    }

    /** Reads {@code in}, which starts at byte {@code startByte} of the file, on line {@code startLine}. */
    CsvLineReader(InputStream in, long startByte, long startLine) {
        this.in = in;
        this.bufferStart = startByte;
        this.nextLine = startLine;
    }

    /** The file offset of the first byte not read yet: after the last record returned. */
    long byteOffset() {
        return bufferStart + position;
    }

    /** The line the next record starts on. */
    long nextLine() {
        return nextLine;
    }

    /**
     * Keeps each record's text as it is in the file ({@link #textBytes()}), also when
     * {@link #next()} fails on it, for a record that cannot be read to be shown as it was. Costs a
     * copy of each record with quotes.
     */
    void keepText() {
        keepText = true;
    }

    /**
     * Reads the next record; false at the end of the input. Blank lines are skipped. A record that
     * cannot be split throws, and {@link #next()} continues after it.
     */
    boolean next() throws IOException, MalformedCsv {
        textKept = false;
        while (true) {
            if (!readRecord()) {
                return false;
            }
            if (recordLength > 0) {
                if (keepText && recordHasQuotes) { // split unquotes in place
                    if (text.length < recordLength) {
                        text = Arrays.copyOf(record, record.length);
                    } else {
                        System.arraycopy(record, 0, text, 0, recordLength);
                    }
                    textKept = true;
                }
                split();
                return true;
            }
        }
    }

    /**
     * The text of the last record {@link #next()} read or failed on, in {@code [0, textLength())};
     * with quotes only after {@link #keepText()}.
     */
    byte[] textBytes() {
        return textKept ? text : record;
    }

    int textLength() {
        return recordLength;
    }

    long line() {
        return recordLine;
    }

    int fieldCount() {
        return fields;
    }

    byte[] bytes() {
        return record;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    /** True when the field was written in quotes (so an empty one is an empty string, not a null). */
    boolean quoted(int field) {
        return quoted[field];
    }

    String text(int field) {
        return new String(record, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** A record that cannot be split into fields. */
    static final class MalformedCsv extends Exception {
        MalformedCsv(String message) {
            super(message);
        }
    }

    private boolean readRecord() throws IOException, MalformedCsv {
        recordLength = 0;
        recordLine = nextLine;
        recordHasQuotes = false;
        boolean inQuotes = false;
        boolean fieldStart = true; // a quote opens a quoted field only as its first character
        boolean justClosed = false; // a quote right after a closing one is an escaped quote
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (inQuotes) {
                    throw new MalformedCsv("a quoted field opened on line " + recordLine + " is never closed");
                }
                return any;
            }
            any = true;
            byte c = buffer[position++];
            boolean closing = c == '"' && inQuotes;
            if (c == '"' && (inQuotes || fieldStart || justClosed)) {
                inQuotes = !inQuotes;
                recordHasQuotes = true;
            } else if (c == '\n') {
                nextLine++;
                if (!inQuotes) {
                    if (recordLength > 0 && record[recordLength - 1] == '\r') {
                        recordLength--;
                    }
                    return true;
                }
            }
            fieldStart = c == ',' && !inQuotes;
            justClosed = closing;
            if (recordLength == record.length) {
                record = Arrays.copyOf(record, record.length * 2);
            }
            record[recordLength++] = c;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        if (read <= 0) {
            return false;
        }
        bufferStart += limit;
        position = 0;
        limit = read;
        return true;
    }

    /** Splits the record into fields, unquoting in place. */
    private void split() throws MalformedCsv {
        fields = 0;
        int i = 0;
        while (true) {
            ensureFieldCapacity();
            if (i < recordLength && record[i] == '"') {
                int write = i;
                int read = i + 1;
                while (true) {
                    if (read >= recordLength) {
                        throw new MalformedCsv("field " + (fields + 1) + " has no closing quote");
                    }
                    if (record[read] == '"') {
                        if (read + 1 < recordLength && record[read + 1] == '"') {
                            record[write++] = '"';
                            read += 2;
                            continue;
                        }
                        read++;
                        break;
                    }
                    record[write++] = record[read++];
                }
                starts[fields] = i;
                ends[fields] = write;
                quoted[fields] = true;
                fields++;
                if (read == recordLength) {
                    return;
                }
                if (record[read] != ',') {
                    throw new MalformedCsv("field " + fields + " has text after its closing quote");
                }
                i = read + 1;
            } else {
                int end = i;
                while (end < recordLength && record[end] != ',') {
                    if (record[end] == '"') {
                        throw new MalformedCsv("field " + (fields + 1) + " has a quote inside an unquoted value");
                    }
                    end++;
                }
                starts[fields] = i;
                ends[fields] = end;
                quoted[fields] = false;
                fields++;
                if (end == recordLength) {
                    return;
                }
                i = end + 1;
            }
        }
    }

    private void ensureFieldCapacity() {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
            quoted = Arrays.copyOf(quoted, fields * 2);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
