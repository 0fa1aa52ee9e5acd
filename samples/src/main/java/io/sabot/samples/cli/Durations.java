package io.sabot.samples.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: a whole number with {@code ms}, {@code s}, {@code m} or {@code h},
 * at most {@link #MAX} (365 days), so that a window end or a shifted timestamp cannot overflow.
 */
final class Durations implements ITypeConverter<Duration> {

    /** The longest duration any option takes: a year of windows, lateness or disorder is already far beyond use. */
    static final Duration MAX = Duration.ofDays(365);

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a duration: use a whole number with ms, s, m or h,"
                    + " e.g. 500ms, 60s, 5m, 1h");
        }
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        String digits = m.group(1);
        long max = MAX.toMillis() / unitMillis;
        // compared as digits first: a number beyond a long cannot be parsed, let alone multiplied
        if (digits.replaceFirst("^0+(?=.)", "").length() > 15 || Long.parseLong(digits) > max) {
            throw new TypeConversionException("'" + text + "' is too long: durations are at most 365 days ("
                    + format(MAX) + ")");
        }
        return Duration.ofMillis(Long.parseLong(digits) * unitMillis);
    }

    /** The way it is written on the command line: in the largest unit that is exact. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0 || millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
