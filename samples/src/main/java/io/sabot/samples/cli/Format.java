package io.sabot.samples.cli;

import java.util.List;
import java.util.Locale;

/** Number and table formatting for the command line. */
final class Format {

    private Format() {}

    /** 1234567 → "1.23M", 45600 → "45.6K". */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fK", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** A two-column table with a title, in plain ASCII so it survives any terminal or log. */
    static String table(String title, List<String[]> rows) {
        int keyWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        String rule = "+" + "-".repeat(keyWidth + 2) + "+" + "-".repeat(valueWidth + 2) + "+";
        StringBuilder table = new StringBuilder(title).append('\n').append(rule).append('\n');
        for (String[] row : rows) {
            table.append("| ").append(pad(row[0], keyWidth)).append(" | ").append(pad(row[1], valueWidth)).append(" |\n");
        }
        return table.append(rule).append('\n').toString();
    }

    /** A table with a header row and right-aligned numbers (every column but the first), in plain ASCII. */
    static String columns(String title, List<String> header, List<String[]> rows) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        StringBuilder table = new StringBuilder(title).append('\n').append(rule).append('\n');
        appendRow(table, header.toArray(String[]::new), widths);
        table.append(rule).append('\n');
        for (String[] row : rows) {
            appendRow(table, row, widths);
        }
        return table.append(rule).append('\n').toString();
    }

    private static void appendRow(StringBuilder table, String[] cells, int[] widths) {
        table.append('|');
        for (int c = 0; c < cells.length; c++) {
            String padding = " ".repeat(widths[c] - cells[c].length());
            table.append(' ').append(c == 0 ? cells[c] + padding : padding + cells[c]).append(" |");
        }
        table.append('\n');
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
