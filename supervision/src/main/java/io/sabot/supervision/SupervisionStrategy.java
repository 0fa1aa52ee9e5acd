package io.sabot.supervision;

import java.util.stream.IntStream;

/**
 * Which children restart when one of an ordered group fails (Erlang/OTP's supervisor strategies).
 * Children are numbered in start order, 0 first.
 */
public enum SupervisionStrategy {
    /** Only the child that failed. */
    ONE_FOR_ONE,
    /** Every child: all are stopped in reverse start order, then all started again in order. */
    ONE_FOR_ALL,
    /** The child that failed and every child started after it. */
    REST_FOR_ONE;

    /** The children that restart when child {@code failed} of {@code count} fails, in start order. */
    public int[] affected(int failed, int count) {
        if (failed < 0 || failed >= count) {
            throw new IllegalArgumentException("child " + failed + " is not one of " + count);
        }
        return switch (this) {
            case ONE_FOR_ONE -> new int[] {failed};
            case ONE_FOR_ALL -> IntStream.range(0, count).toArray();
            case REST_FOR_ONE -> IntStream.range(failed, count).toArray();
        };
    }

    /** {@code one-for-all} and the like, as the command line and configuration spell them. */
    public static SupervisionStrategy parse(String name) {
        for (SupervisionStrategy strategy : values()) {
            if (strategy.name().replace('_', '-').equalsIgnoreCase(name.trim())) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown supervision strategy '" + name
                + "' (one of one-for-one, one-for-all, rest-for-one)");
    }
}
