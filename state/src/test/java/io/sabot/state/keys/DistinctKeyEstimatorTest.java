package io.sabot.state.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DistinctKeyEstimatorTest {

    @Test
    void estimatesDistinctKeysWithinTwoPercentWhateverTheRepeats() {
        for (int distinct : new int[] {10, 1_000, 50_000, 1_000_000}) {
            DistinctKeyEstimator estimator = new DistinctKeyEstimator();
            for (int round = 0; round < 3; round++) { // repeats change nothing
                for (int i = 0; i < distinct; i++) {
                    estimator.add(("SYM" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            assertEquals(distinct, estimator.estimate(), Math.max(1, distinct * 0.02), distinct + " keys");
        }
    }
}
