package io.sabot.state.snapshot;

import java.util.List;

/**
 * The numeric column values of one key group as primitive arrays, without an object per value:
 * what a snapshot section holds of them. {@code keys[row]} is a key of the group with at least one
 * value that differs from its column's default; {@code bits[element][row]} is the value of element
 * {@code names[element]} (a double's raw bits, or a long), present where {@code present[element][row]}
 * (an absent value is the default, which a restore reads anyway).
 */
public record ColumnBlock(List<String> names, boolean[] longColumn, byte[][] keys, long[][] bits, boolean[][] present) {

    public static final ColumnBlock EMPTY = new ColumnBlock(List.of(), new boolean[0], new byte[0][], new long[0][],
            new boolean[0][]);

    public int rows() {
        return keys.length;
    }

    /** How many values of element {@code element} are present. */
    public int presentCount(int element) {
        int count = 0;
        for (boolean p : present[element]) {
            count += p ? 1 : 0;
        }
        return count;
    }
}
