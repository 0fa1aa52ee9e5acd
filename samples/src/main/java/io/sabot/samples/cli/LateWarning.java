package io.sabot.samples.cli;

import io.sabot.fintech.bars.Trade;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The warning of {@code sabot bars} when more than a small share of the trades came too late for
 * any bar. Late trades are dropped (or written to {@code --late-output}) without failing the run,
 * so a single trade far ahead in time, which moves the watermark past all that follow, would
 * otherwise only show as a count in the summary.
 */
final class LateWarning {

    private LateWarning() {}

    /**
     * The warning for {@code late} of {@code trades} trades (the late ones in the order they
     * reached the output: input order with one bar subtask), written to {@code lateOutput} (null:
     * dropped); empty when they are at most {@code share} of the trades.
     */
    static Optional<String> of(long trades, List<Trade> late, double share, Path lateOutput) {
        if (late.isEmpty() || late.size() <= share * trades) {
            return Optional.empty();
        }
        Trade first = late.get(0);
        return Optional.of(String.format(Locale.ROOT, "warning: %,d of %,d trades (%.1f%%) came too late for any bar and"
                        + " were %s; the first: symbol %s, ts %d (%s)%n(a trade far ahead in time moves the watermark past"
                        + " the trades after it: check the input just before the first late one, or raise"
                        + " --out-of-orderness or --allowed-lateness%s; this warning: more than --late-warning-share %s)",
                late.size(), trades, 100.0 * late.size() / trades,
                lateOutput == null ? "dropped" : "written to " + lateOutput, first.symbol(), first.ts(),
                Instant.ofEpochMilli(first.ts()), lateOutput == null ? "; --late-output FILE keeps late trades" : "", share));
    }
}
