package io.sabot.actors.runtime;

/**
 * Latencies in microseconds, counted in buckets of about 12% width (values below 16 µs exactly):
 * a bucket per (power of two, one of 8 steps within it), like HdrHistogram with 3 significant bits.
 * Single writer; a reader sees counts that may lag by a value or two.
 */
public final class LatencyHistogram {

    private static final int EXACT = 16;
    private final long[] counts = new long[EXACT + 60 * 8];
    private volatile long total;

    /** Records one latency of {@code nanos} nanoseconds. */
    void record(long nanos) {
        counts[bucket(Math.max(0, nanos / 1000))]++;
        total++;
    }

    public long count() {
        return total;
    }

    /** The latency (µs, the top of its bucket) that a fraction {@code quantile} of the values do not exceed; 0 when empty. */
    public long percentileMicros(double quantile) {
        long wanted = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= wanted && seen > 0) {
                return upperBound(b);
            }
        }
        return 0;
    }

    /** Adds {@code other}'s counts into this one (for a vertex's subtasks together). */
    void add(LatencyHistogram other) {
        for (int b = 0; b < counts.length; b++) {
            counts[b] += other.counts[b];
        }
        total += other.total;
    }

    /** The values recorded since {@code earlier}, a copy this histogram had then (e.g. a phase of a run). */
    public LatencyHistogram since(LatencyHistogram earlier) {
        LatencyHistogram phase = new LatencyHistogram();
        for (int b = 0; b < counts.length; b++) {
            phase.counts[b] = counts[b] - earlier.counts[b];
        }
        phase.total = total - earlier.total;
        return phase;
    }

    private static int bucket(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros); // >= 4
        int step = (int) (micros >>> (exponent - 3)) & 7;
        return EXACT + (exponent - 4) * 8 + step;
    }

    private static long upperBound(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int exponent = (bucket - EXACT) / 8 + 4;
        int step = (bucket - EXACT) % 8;
        return ((8L + step + 1) << (exponent - 3)) - 1;
    }
}
