package io.sabot.samples.cli;

import java.io.PrintWriter;
import io.sabot.actors.runtime.JobMetrics;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A live progress line: rewritten in place on a terminal, a new line every few seconds otherwise
 * (logs and CI), so long runs always show that they are moving.
 */
final class Progress {

    private final PrintWriter out;
    private final boolean terminal;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = System.nanoTime(); // the first line after one interval, not at 0 rows
    private LongSupplier eventTime = () -> Long.MIN_VALUE;
    private JobMetrics checkpoints; // null: not shown
    private long total20Nanos = -1;  // when the rows passed 20% and 80% of the total (for the steady rate)
    private long total80Nanos = -1;
    private long rows20;
    private long rows80;
    private long firstRowsNanos = -1; // when the first rows were processed
    private Runnable atSteadyStart = () -> {};
    private Runnable atSteadyEnd = () -> {};

    /** @param total the rows expected, or -1 when unknown (a topic) */
    Progress(PrintWriter out, boolean terminal, long total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** Also shows {@code watermark} (epoch ms) as the job's event time, once there is one. */
    Progress showingEventTime(LongSupplier watermark) {
        this.eventTime = watermark;
        return this;
    }

    /** Also shows the job's last completed checkpoint and how long it took. */
    Progress showingCheckpoints(JobMetrics metrics) {
        this.checkpoints = metrics;
        return this;
    }

    /** Prints the current state if it is time to; returns immediately otherwise. */
    void update(long rows, long symbols) {
        long now = System.nanoTime();
        long interval = terminal ? 200_000_000L : 2_000_000_000L;
        if (now - lastPrintNanos < interval) {
            return;
        }
        lastPrintNanos = now;
        double seconds = (now - startNanos) / 1e9;
        String done = total < 0 ? String.format(Locale.ROOT, "  %,d rows", rows) // a topic: no total known
                : String.format(Locale.ROOT, "  %,d / %,d rows  %5.1f%%", rows, total, total == 0 ? 100.0 : 100.0 * rows / total);
        String line = done + String.format(Locale.ROOT, "  %s rows/s  %,d symbols  %.1f s",
                Format.rate(rows / Math.max(seconds, 1e-9)), symbols, seconds);
        long watermark = eventTime.getAsLong();
        if (watermark == Long.MAX_VALUE) {
            line += "  event time: input ended";
        } else if (watermark != Long.MIN_VALUE) {
            line += "  event time " + Instant.ofEpochMilli(watermark);
        }
        if (checkpoints != null && checkpoints.lastCheckpoint() >= 0) {
            line += String.format(Locale.ROOT, "  checkpoint %d (%d ms)", checkpoints.lastCheckpoint(),
                    checkpoints.lastCheckpointMillis());
        }
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the progress display. */
    void done() {
        if (terminal) {
            out.println();
        }
    }

    /** Runs {@code start} when the rows pass 20% of the total and {@code end} when they pass 80% (see {@link #steadyRate}). */
    Progress atSteadyPhase(Runnable start, Runnable end) {
        this.atSteadyStart = start;
        this.atSteadyEnd = end;
        return this;
    }

    /** Polls {@code rows} and {@code symbols} until {@code finished} says so. */
    void follow(LongSupplier rows, LongSupplier symbols, java.util.function.BooleanSupplier finished)
            throws InterruptedException {
        while (!finished.getAsBoolean()) {
            long now = rows.getAsLong();
            if (firstRowsNanos < 0 && now > 0) {
                firstRowsNanos = System.nanoTime();
            }
            if (total20Nanos < 0 && now >= total / 5) {
                total20Nanos = System.nanoTime();
                rows20 = now;
                atSteadyStart.run();
            }
            if (total80Nanos < 0 && now >= total * 4 / 5) {
                total80Nanos = System.nanoTime();
                rows80 = now;
                atSteadyEnd.run();
            }
            update(now, symbols.getAsLong());
            Thread.sleep(50);
        }
        done();
    }

    /** Seconds from the start until the first rows were processed (start-up, or a restart's restore); NaN if none were. */
    double secondsToFirstRows() {
        return firstRowsNanos < 0 ? Double.NaN : (firstRowsNanos - startNanos) / 1e9;
    }

    /**
     * Rows per second between 20% and 80% of the total: the pipeline in full flight, without start-up
     * (JIT, the checkpoint store) or the end (the final checkpoint); NaN if the run was too short to tell.
     */
    double steadyRate() {
        return hadSteadyPhase() ? (rows80 - rows20) / ((total80Nanos - total20Nanos) / 1e9) : Double.NaN;
    }

    /** True when the rows passed 20% and 80% of the total in different polls: there was a phase to measure. */
    boolean hadSteadyPhase() {
        return total20Nanos >= 0 && total80Nanos > total20Nanos && rows80 > rows20;
    }
}
