package io.sabot.actors.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExcerptTest {

    @Test
    void shortTextIsQuotedWhole() {
        assertEquals("symbol,ts", Excerpt.of("symbol,ts", 9));
    }

    @Test
    void longTextIsCutAndSaysHowMuchIsLeftOut() {
        assertEquals("abc… (7 more characters)", Excerpt.of("abcdefghij", 3));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsNeverCutInHalf() {
        String text = "ab\uD83D\uDE00cd"; // an emoji: two chars
        assertEquals("ab… (4 more characters)", Excerpt.of(text, 3));
    }
}
