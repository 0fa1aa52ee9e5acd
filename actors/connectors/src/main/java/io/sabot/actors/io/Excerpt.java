package io.sabot.actors.io;

/**
 * Text from the input quoted in a message, cut to a short prefix: an error about a 10 MB header
 * line must not copy 10 MB to the console and the log.
 */
public final class Excerpt {

    /** How much of a line an error quotes. */
    public static final int LINE = 200;

    private Excerpt() {}

    /** {@code text} if it has at most {@code max} characters, else its first {@code max} and "… (N more characters)". */
    public static String of(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // never half a character
        return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
    }
}
