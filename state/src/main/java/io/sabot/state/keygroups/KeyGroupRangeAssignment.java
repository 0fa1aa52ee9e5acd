package io.sabot.state.keygroups;

/**
 * Maps keys to key groups and key groups to parallel subtasks, exactly as Apache Flink does, so
 * that a key lands on the same subtask index (and in the same key group of a snapshot) in Sabot
 * and in Flink.
 *
 * <pre>
 *   keyGroup = murmurHash(key.hashCode()) % maxParallelism
 *   subtask  = keyGroup * parallelism / maxParallelism
 * </pre>
 *
 * A key group is the unit of state redistribution: a job restarted with another parallelism
 * hands whole key groups to subtasks, never splits one.
 */
public final class KeyGroupRangeAssignment {

    /** Lower bound of the default max parallelism, as in Flink. */
    public static final int DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 1 << 7;

    /** Inclusive upper bound of max parallelism, as in Flink (2^15). */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    private KeyGroupRangeAssignment() {}

    /** The subtask index that owns {@code key}. */
    public static int assignKeyToParallelOperator(Object key, int maxParallelism, int parallelism) {
        if (key == null) {
            throw new NullPointerException("a key must not be null");
        }
        return computeOperatorIndexForKeyGroup(
                maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
    }

    /** The key group of {@code key}. */
    public static int assignToKeyGroup(Object key, int maxParallelism) {
        if (key == null) {
            throw new NullPointerException("a key must not be null");
        }
        return computeKeyGroupForKeyHash(key.hashCode(), maxParallelism);
    }

    /** The key group of a key whose {@code hashCode()} is {@code keyHash}. */
    public static int computeKeyGroupForKeyHash(int keyHash, int maxParallelism) {
        return murmurHash(keyHash) % maxParallelism;
    }

    /** The subtask index that owns {@code keyGroup}. Exact for maxParallelism up to 2^15. */
    public static int computeOperatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        return keyGroup * parallelism / maxParallelism;
    }

    /**
     * The key groups owned by subtask {@code operatorIndex}: the inverse of
     * {@link #computeOperatorIndexForKeyGroup}, a contiguous range.
     */
    public static KeyGroupRange computeKeyGroupRangeForOperatorIndex(
            int maxParallelism, int parallelism, int operatorIndex) {
        checkParallelismPreconditions(maxParallelism, parallelism);
        if (operatorIndex < 0 || operatorIndex >= parallelism) {
            throw new IllegalArgumentException(
                    "operator index " + operatorIndex + " is outside 0.." + (parallelism - 1));
        }
        int start = ((operatorIndex * maxParallelism + parallelism - 1) / parallelism);
        int end = ((operatorIndex + 1) * maxParallelism - 1) / parallelism;
        return new KeyGroupRange(start, end);
    }

    /**
     * Flink's default max parallelism for an operator of the given parallelism:
     * 1.5 × parallelism rounded up to a power of two, at least 128 and at most 32768.
     */
    public static int computeDefaultMaxParallelism(int parallelism) {
        int candidate = roundUpToPowerOfTwo(parallelism + parallelism / 2);
        return Math.min(Math.max(candidate, DEFAULT_LOWER_BOUND_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
    }

    /** Rejects a parallelism / max parallelism pair Flink would reject. */
    public static void checkParallelismPreconditions(int maxParallelism, int parallelism) {
        if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("max parallelism must be within 1.."
                    + UPPER_BOUND_MAX_PARALLELISM + ", was " + maxParallelism);
        }
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism must be within 1.." + maxParallelism
                    + " (the max parallelism), was " + parallelism);
        }
    }

    /**
     * Murmur3 (32 bit, seed 0) of one 4-byte integer, made non-negative; Flink's
     * {@code MathUtils.murmurHash}. Integer.MIN_VALUE maps to 0.
     */
    public static int murmurHash(int code) {
        code *= 0xcc9e2d51;
        code = Integer.rotateLeft(code, 15);
        code *= 0x1b873593;

        code = Integer.rotateLeft(code, 13);
        code = code * 5 + 0xe6546b64;

        code ^= 4; // length of the input in bytes
        code = finalMix(code);

        if (code >= 0) {
            return code;
        }
        return code == Integer.MIN_VALUE ? 0 : -code;
    }

    private static int finalMix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int roundUpToPowerOfTwo(int x) {
        return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }
}
