package io.sabot.actors.io.csv;

import java.nio.charset.StandardCharsets;

/**
 * Parses numbers from ASCII bytes without creating Strings. Doubles with up to 15-16 significant
 * digits and a decimal exponent within ±22 are computed exactly (Clinger's fast path: both the
 * digits and the power of ten are exact doubles, so one correctly rounded operation gives the
 * correctly rounded result); anything else goes through {@link Double#parseDouble}.
 */
final class AsciiNumbers {

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    private AsciiNumbers() {}

    /** Thrown (without a stack trace: it is expected) for text that is not a number. */
    static final class NotANumber extends Exception {
        NotANumber() {
            super(null, null, false, false);
        }
    }

    private static final NotANumber NOT_A_NUMBER = new NotANumber();

    static long parseLong(byte[] b, int start, int end) throws NotANumber {
        if (start >= end) {
            throw NOT_A_NUMBER;
        }
        boolean negative = b[start] == '-';
        int i = negative || b[start] == '+' ? start + 1 : start;
        if (i == end) {
            throw NOT_A_NUMBER;
        }
        long value = 0; // accumulated negatively so Long.MIN_VALUE parses
        for (; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                throw NOT_A_NUMBER;
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw NOT_A_NUMBER; // overflow
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw NOT_A_NUMBER;
            }
            return -value;
        }
        return value;
    }

    static double parseDouble(byte[] b, int start, int end) throws NotANumber {
        if (start >= end) {
            throw NOT_A_NUMBER;
        }
        int i = start;
        boolean negative = b[i] == '-';
        if (negative || b[i] == '+') {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int exponent = 0;
        boolean sawDigit = false;
        for (; i < end && isDigit(b[i]); i++) {
            sawDigit = true;
            if (mantissa != 0 || b[i] != '0') {
                digits++;
            }
            if (digits <= 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
            } else {
                exponent++;
            }
        }
        if (i < end && b[i] == '.') {
            i++;
            for (; i < end && isDigit(b[i]); i++) {
                sawDigit = true;
                if (mantissa != 0 || b[i] != '0') {
                    digits++;
                }
                if (digits <= 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    exponent--;
                }
            }
        }
        if (!sawDigit) {
            return parseSpecial(b, start, end);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = i < end && b[i] == '-';
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            if (i == end) {
                throw NOT_A_NUMBER;
            }
            int explicit = 0;
            for (; i < end && isDigit(b[i]); i++) {
                explicit = Math.min(explicit * 10 + (b[i] - '0'), 100_000);
            }
            exponent += negativeExponent ? -explicit : explicit;
        }
        if (i != end) {
            throw NOT_A_NUMBER;
        }
        if (digits <= 18 && mantissa <= MAX_EXACT_MANTISSA && Math.abs(exponent) <= 22) {
            double value = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
            return negative ? -value : value;
        }
        // Valid syntax, but not exact on the fast path: let the JDK round it.
        return Double.parseDouble(new String(b, start, end - start, StandardCharsets.US_ASCII));
    }

    private static double parseSpecial(byte[] b, int start, int end) throws NotANumber {
        String text = new String(b, start, end - start, StandardCharsets.US_ASCII);
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity", "+Infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw NOT_A_NUMBER;
        };
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
