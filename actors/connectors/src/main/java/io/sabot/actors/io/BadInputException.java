package io.sabot.actors.io;

import java.io.IOException;

/**
 * Input that cannot be read as declared. The message names the file, the line and the column,
 * e.g. {@code quotes.csv line 17, column 'bid': 'abc' is not a number}.
 */
public class BadInputException extends IOException {

    private final String file;
    private final long line;
    private final String column;

    public BadInputException(String file, long line, String column, String problem) {
        super(format(file, line, column, problem));
        this.file = file;
        this.line = line;
        this.column = column;
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

    private static String format(String file, long line, String column, String problem) {
        StringBuilder message = new StringBuilder(file);
        if (line > 0) {
            message.append(" line ").append(line);
        }
        if (column != null) {
            message.append(line > 0 ? ", " : " ").append("column '").append(column).append('\'');
        }
        return message.append(": ").append(problem).toString();
    }
}
