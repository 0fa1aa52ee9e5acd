package io.sabot.actors.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AsciiNumbersTest {

    private static double parse(String s) throws AsciiNumbers.NotANumber {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return AsciiNumbers.parseDouble(b, 0, b.length);
    }

    @Test
    void doublesEqualTheJdksParsing() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 5) {
                case 0 -> Double.toString(random.nextDouble() * 1000);
                case 1 -> String.format("%.2f", random.nextDouble() * 50_000);
                case 2 -> Long.toString(random.nextLong(-1_000_000_000L, 1_000_000_000L));
                case 3 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
                default -> random.nextInt(1000) + "." + random.nextInt(1_000_000) + "e" + random.nextInt(-30, 30);
            };
            if (text.contains("NaN") || text.contains("Infinity")) {
                continue;
            }
            assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(parse(text)), text);
        }
        for (String text : new String[] {"0", "-0", "0.1", "1.", ".5", "1e22", "1e23", "9007199254740993", "4.9e-324",
                                         "123456789012345678901234", "0.000000000000000000001"}) {
            assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(parse(text)), text);
        }
        assertEquals(Double.NaN, parse("NaN"));
        assertEquals(Double.NEGATIVE_INFINITY, parse("-Infinity"));
    }

    @Test
    void rejectsWhatIsNotANumber() {
        for (String text : new String[] {"", "abc", "1.2.3", "1e", "1e+", "--1", "1,5", " 1", "0x10", "1d", "."}) {
            assertThrows(AsciiNumbers.NotANumber.class, () -> parse(text), text);
        }
    }

    @Test
    void longsParseExactlyAndRejectOverflow() throws Exception {
        for (long value : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_000_123L}) {
            byte[] b = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            assertEquals(value, AsciiNumbers.parseLong(b, 0, b.length));
        }
        byte[] overflow = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        assertThrows(AsciiNumbers.NotANumber.class, () -> AsciiNumbers.parseLong(overflow, 0, overflow.length));
        byte[] fraction = "1.5".getBytes(StandardCharsets.US_ASCII);
        assertThrows(AsciiNumbers.NotANumber.class, () -> AsciiNumbers.parseLong(fraction, 0, fraction.length));
    }
}
