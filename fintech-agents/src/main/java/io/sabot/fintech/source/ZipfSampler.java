package io.sabot.fintech.source;

/**
 * Draws indexes with given weights in O(1) per draw, by Vose's alias method; with Zipf weights
 * (1/(rank+1)^s) a few symbols are very active and most are quiet, as in real markets. One 64-bit
 * random number per draw: the high half picks a column, the low half decides column or alias.
 */
final class ZipfSampler {

    private final int[] threshold; // probability of keeping the column, scaled to 2^31
    private final int[] alias;

    ZipfSampler(double[] weights) {
        int n = weights.length;
        threshold = new int[n];
        alias = new int[n];
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int less = small[--smallCount];
            int more = large[--largeCount];
            threshold[less] = (int) (scaled[less] * (1L << 31));
            alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            if (scaled[more] < 1) {
                small[smallCount++] = more;
            } else {
                large[largeCount++] = more;
            }
        }
        while (largeCount > 0) {
            threshold[large[--largeCount]] = Integer.MAX_VALUE;
        }
        while (smallCount > 0) {
            threshold[small[--smallCount]] = Integer.MAX_VALUE; // rounding leftovers
        }
    }

    /** Zipf weights 1/(rank+1)^exponent for the given ranks. */
    static double[] zipfWeights(int[] ranks, double exponent) {
        double[] weights = new double[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            weights[i] = 1 / Math.pow(ranks[i] + 1, exponent);
        }
        return weights;
    }

    /** An index in [0, n) from one uniformly random long. */
    int sample(long random) {
        int column = (int) (((random >>> 32) * threshold.length) >>> 32);
        return ((int) random & Integer.MAX_VALUE) < threshold[column] ? column : alias[column];
    }
}
