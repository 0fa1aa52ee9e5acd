package io.sabot.state.keygroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyGroupRangeAssignmentTest {

    /** Flink's murmurHash is Murmur3-32 (seed 0) of the int's 4 bytes, made non-negative. */
    private static int guavaMurmur(int code) {
        int h = Hashing.murmur3_32_fixed().hashInt(code).asInt();
        if (h >= 0) {
            return h;
        }
        return h == Integer.MIN_VALUE ? 0 : -h;
    }

    @Test
    void murmurHashEqualsMurmur3FromGuava() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            int code = random.nextInt();
            assertEquals(guavaMurmur(code), KeyGroupRangeAssignment.murmurHash(code), "code " + code);
        }
        for (int code : new int[] {0, 1, -1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(guavaMurmur(code), KeyGroupRangeAssignment.murmurHash(code), "code " + code);
        }
    }

    @Test
    void keyGroupAndSubtaskOfStringKeysFollowFlinksFormula() {
        String[] symbols = {"AAPL", "MSFT", "BTC-USD", "ES=F", "€STR", ""};
        for (String symbol : symbols) {
            int expectedGroup = guavaMurmur(symbol.hashCode()) % 128;
            assertEquals(expectedGroup, KeyGroupRangeAssignment.assignToKeyGroup(symbol, 128), symbol);
            assertEquals(expectedGroup * 4 / 128,
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(symbol, 128, 4), symbol);
        }
    }

    @Test
    void operatorRangesPartitionAllKeyGroupsAndInvertTheOperatorIndex() {
        for (int maxParallelism : new int[] {1, 7, 128, 1000, 32768}) {
            for (int parallelism : new int[] {1, 2, 3, 5, 7}) {
                if (parallelism > maxParallelism) {
                    continue;
                }
                int next = 0;
                for (int op = 0; op < parallelism; op++) {
                    KeyGroupRange range = KeyGroupRangeAssignment
                            .computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, op);
                    assertEquals(next, range.startKeyGroup(), "ranges must be contiguous");
                    for (int kg = range.startKeyGroup(); kg <= range.endKeyGroup(); kg++) {
                        assertEquals(op, KeyGroupRangeAssignment
                                .computeOperatorIndexForKeyGroup(maxParallelism, parallelism, kg));
                    }
                    next = range.endKeyGroup() + 1;
                }
                assertEquals(maxParallelism, next, "every key group belongs to one operator");
            }
        }
    }

    @Test
    void defaultMaxParallelismMatchesFlink() {
        assertEquals(128, KeyGroupRangeAssignment.computeDefaultMaxParallelism(1));
        assertEquals(128, KeyGroupRangeAssignment.computeDefaultMaxParallelism(85));
        assertEquals(256, KeyGroupRangeAssignment.computeDefaultMaxParallelism(86)); // 86 + 43 = 129
        assertEquals(32768, KeyGroupRangeAssignment.computeDefaultMaxParallelism(30000));
    }

    @Test
    void rejectsImpossibleParallelism() {
        assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(4, 5, 0));
        assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 2, 2));
        assertThrows(NullPointerException.class, () -> KeyGroupRangeAssignment.assignToKeyGroup(null, 128));
        assertTrue(KeyGroupRangeAssignment.murmurHash(Integer.MIN_VALUE) >= 0);
    }
}
