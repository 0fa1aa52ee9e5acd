package io.sabot.actors.io;

import java.io.IOException;

/**
 * Input that cannot be read as declared. The message names the file, the line and the column,
 * e.g. {@code quotes.csv line 17, column 'bid': 'abc' is not a number}; input without lines names
 * where else it is: {@code topic 'quotes' partition 2 offset 17: column 'bid': 'abc' is not a number}.
 */
public class BadInputException extends IOException {

    private final String file;
    private final long line;
    private final String column;
    private final String reason;

    public BadInputException(String file, long line, String column, String problem) {
        super(format(file, line, column, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason(column, problem);
    }

    public String file() {
        return file;
    }

    /** 1-based line number in the file (the header is line 1); 0 when not about a line. */
    public long line() {
        return line;
    }

    /** The column concerned, or null. */
    public String column() {
        return column;
    }

    /**
     * The message without the file and the line, e.g. {@code column 'bid': 'abc' is not a number}:
     * the reason a dead-letter row keeps next to its line number.
     */
    public String reason() {
        return reason;
    }

    /** {@link #reason()} of a problem in {@code column} (null: of the whole line). */
    public static String reason(String column, String problem) {
        return column == null ? problem : "column '" + column + "': " + problem;
    }

    /** The exception whose {@link #reason()} is {@code reason}, read back: the same message as the original. */
    public static BadInputException ofReason(String file, long line, String reason) {
        int end = reason.indexOf("': ");
        if (reason.startsWith("column '") && end > 0) {
            return new BadInputException(file, line, reason.substring("column '".length(), end), reason.substring(end + 3));
        }
        return new BadInputException(file, line, null, reason);
    }

    private static String format(String file, long line, String column, String problem) {
        StringBuilder message = new StringBuilder(file);
        if (line > 0) {
            message.append(" line ").append(line);
        }
        message.append(column != null && line > 0 ? ", " : ": "); // "f line 3, column 'x': ..."; "f: column 'x': ..."
        return message.append(reason(column, problem)).toString();
    }
}
