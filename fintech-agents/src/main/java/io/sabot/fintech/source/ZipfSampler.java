package io.sabot.fintech.source;

/**
 * Draws symbol indexes with Zipf-like activity (index i has weight 1/(i+1)^s), in O(1) per draw
 * with Vose's alias method: a few symbols are very active, most are quiet, as in real markets.
 */
final class ZipfSampler {

    private final double[] probability;
    private final int[] alias;

    ZipfSampler(int n, double exponent) {
        probability = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = 1 / Math.pow(i + 1, exponent);
            total += scaled[i];
        }
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = scaled[i] * n / total;
            if (scaled[i] < 1) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int less = small[--smallCount];
            int more = large[--largeCount];
            probability[less] = scaled[less];
            alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            if (scaled[more] < 1) {
                small[smallCount++] = more;
            } else {
                large[largeCount++] = more;
            }
        }
        while (largeCount > 0) {
            probability[large[--largeCount]] = 1;
        }
        while (smallCount > 0) {
            probability[small[--smallCount]] = 1; // rounding leftovers
        }
    }

    /** An index in [0, n) from two uniform draws. */
    int sample(int column, double uniform) {
        return uniform < probability[column] ? column : alias[column];
    }

    int size() {
        return probability.length;
    }
}
