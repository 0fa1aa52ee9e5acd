package io.sabot.state.keys;

/** Spreads a Java hash code over a power-of-two table (String and Long hash codes cluster). */
final class HashSpreader {

    private HashSpreader() {}

    static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
