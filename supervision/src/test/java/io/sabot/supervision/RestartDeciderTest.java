package io.sabot.supervision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sabot.supervision.RestartDecider.Decision;
import io.sabot.supervision.RestartDecider.GiveUp;
import io.sabot.supervision.RestartDecider.Remove;
import io.sabot.supervision.RestartDecider.Restart;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decisions alone, with a clock the test moves; every expected number is worked out by hand. */
class RestartDeciderTest {

    private static final long HOUR = 3_600_000;
    private static final DoubleSupplier NO_JITTER = () -> 0.5; // 2 × 0.5 − 1 = 0: the spread is exactly zero

    private final ManualClock clock = new ManualClock(0);

    private RestartDecider decider(SupervisionStrategy strategy, RestartIntensity intensity, RestartBackoff backoff,
                                   DoubleSupplier random) {
        return new RestartDecider(strategy, intensity, backoff, clock, random);
    }

    private RestartDecider decider(RestartIntensity intensity, RestartBackoff backoff) {
        return decider(SupervisionStrategy.ONE_FOR_ONE, intensity, backoff, NO_JITTER);
    }

    /** A failure of child 0 of 1 at {@code atMillis}. */
    private static Decision failAt(RestartDecider decider, ManualClock clock, long atMillis) {
        clock.set(atMillis);
        return decider.onExit(0, 1, RestartPolicy.PERMANENT, true);
    }

    private long delayAt(RestartDecider decider, long atMillis) {
        Decision decision = failAt(decider, clock, atMillis);
        return assertInstanceOf(Restart.class, decision, () -> "at " + atMillis + " ms: " + decision).delayMillis();
    }

    private String giveUpAt(RestartDecider decider, long atMillis) {
        return assertInstanceOf(GiveUp.class, failAt(decider, clock, atMillis), "at " + atMillis + " ms").reason();
    }

    // ---- strategy × policy × how the child ended: child 1 of 4 -------------------------------------------

    @ParameterizedTest(name = "{0} {1} failed={2} -> {3}")
    @CsvSource({
        "ONE_FOR_ONE,  PERMANENT, true,  1",
        "ONE_FOR_ONE,  PERMANENT, false, 1",
        "ONE_FOR_ONE,  TRANSIENT, true,  1",
        "ONE_FOR_ONE,  TRANSIENT, false, remove",
        "ONE_FOR_ONE,  TEMPORARY, true,  remove",
        "ONE_FOR_ONE,  TEMPORARY, false, remove",
        "ONE_FOR_ALL,  PERMANENT, true,  0 1 2 3",
        "ONE_FOR_ALL,  PERMANENT, false, 0 1 2 3",
        "ONE_FOR_ALL,  TRANSIENT, true,  0 1 2 3",
        "ONE_FOR_ALL,  TRANSIENT, false, remove",
        "ONE_FOR_ALL,  TEMPORARY, true,  remove",
        "ONE_FOR_ALL,  TEMPORARY, false, remove",
        "REST_FOR_ONE, PERMANENT, true,  1 2 3",
        "REST_FOR_ONE, PERMANENT, false, 1 2 3",
        "REST_FOR_ONE, TRANSIENT, true,  1 2 3",
        "REST_FOR_ONE, TRANSIENT, false, remove",
        "REST_FOR_ONE, TEMPORARY, true,  remove",
        "REST_FOR_ONE, TEMPORARY, false, remove",
    })
    void strategyAndPolicyDecideWhoRestarts(SupervisionStrategy strategy, RestartPolicy policy, boolean failed,
                                           String expected) {
        RestartDecider decider = decider(strategy, RestartIntensity.UNLIMITED, SupervisorSettings.IMMEDIATE, NO_JITTER);

        Decision decision = decider.onExit(1, 4, policy, failed);

        if (expected.equals("remove")) {
            assertEquals(new Remove(1), decision);
            assertEquals(0, decider.restarts(), "a removal is not a restart");
        } else {
            Restart restart = assertInstanceOf(Restart.class, decision);
            int[] children = Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(children, restart.children());
            assertEquals(0, restart.delayMillis());
            assertEquals(1, decider.restarts());
        }
    }

    @Test
    void removalsDoNotCountAgainstTheIntensity() {
        RestartDecider decider = decider(new RestartIntensity(1, Duration.ofSeconds(5)), SupervisorSettings.IMMEDIATE);

        for (int i = 0; i < 3; i++) {
            assertEquals(new Remove(0), decider.onExit(0, 1, RestartPolicy.TRANSIENT, false));
            assertEquals(new Remove(0), decider.onExit(0, 1, RestartPolicy.TEMPORARY, true));
        }
        assertEquals(0, delayAt(decider, 0));
    }

    @Test
    void thePolicyComesBeforeTheBackoff() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED, new RestartBackoff.NoRestart());

        assertEquals(new Remove(0), decider.onExit(0, 1, RestartPolicy.TEMPORARY, true));
        assertTrue(giveUpAt(decider, 0).contains("NoRestart"));
    }

    // ---- intensity: at most N restarts in any window of W -------------------------------------------------

    @Test
    void intensityGivesUpOnTheRestartPastTheLimitAndAllowsAgainOnceTheWindowSlides() {
        RestartDecider decider = decider(new RestartIntensity(2, Duration.ofSeconds(10)), SupervisorSettings.IMMEDIATE);

        assertEquals(0, delayAt(decider, 0));
        assertEquals(0, delayAt(decider, 1_000));
        // 0 and 1000 are both within the 10 s before 9999: a third is one too many
        assertEquals("more than 2 restart(s) within 10000 ms", giveUpAt(decider, 9_999));
        // at 10000 the restart at 0 is exactly 10 s old and no longer counts: [1000, 10000]
        assertEquals(0, delayAt(decider, 10_000));
        // 1000 still counts at 10999 (1000 > 10999 − 10000 = 999): [1000, 10000] and one more is too many
        giveUpAt(decider, 10_999);
        // at 11000 it does not: [10000, 11000]
        assertEquals(0, delayAt(decider, 11_000));
        assertEquals(4, decider.restarts());
    }

    @Test
    void erlangsDefaultIsOneRestartInFiveSeconds() {
        RestartDecider decider = decider(RestartIntensity.DEFAULT, SupervisorSettings.IMMEDIATE);

        assertEquals(0, delayAt(decider, 0));
        assertEquals("more than 1 restart(s) within 5000 ms", giveUpAt(decider, 4_999));
        assertEquals(0, delayAt(decider, 5_000));
    }

    @Test
    void anIntensityOfZeroGivesUpOnTheFirstFailure() {
        RestartDecider decider = decider(new RestartIntensity(0, Duration.ofSeconds(1)), SupervisorSettings.IMMEDIATE);

        giveUpAt(decider, 0);
        assertEquals(0, decider.restarts());
    }

    @Test
    void theIntensityComesBeforeTheBackoff() {
        RestartDecider decider = decider(new RestartIntensity(1, Duration.ofMinutes(1)),
                new RestartBackoff.FixedDelay(5, Duration.ofSeconds(1)));

        assertEquals(1_000, delayAt(decider, 0));
        assertTrue(giveUpAt(decider, 1).startsWith("more than 1 restart(s)"));
    }

    // ---- exponential delay (Flink's default) --------------------------------------------------------------

    @Test
    void exponentialDelaysGrowByTheMultiplierUpToTheMax() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED, RestartBackoff.DEFAULT);
        // 1000 × 1.5^n, rounded: 5062.5 → 5063, 7593.75 → 7594, 11390.625 → 11391, 17085.9375 → 17086,
        // 25628.90625 → 25629, 38443.359375 → 38443, 57665.0390625 → 57665, then 86497.56 capped at 60000
        long[] expected = {1000, 1500, 2250, 3375, 5063, 7594, 11391, 17086, 25629, 38443, 57665, 60000, 60000};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], delayAt(decider, i * 1_000L), "failure " + (i + 1));
        }
    }

    @Test
    void exponentialDelayGoesBackToTheInitialAfterTheQuietPeriod() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED, RestartBackoff.DEFAULT);

        assertEquals(1000, delayAt(decider, 0));
        assertEquals(1500, delayAt(decider, 1_000));
        // 1 h less 1 ms after the last failure: still growing
        assertEquals(2250, delayAt(decider, 1_000 + HOUR - 1));
        // 1 h after the last failure (at 1000 + HOUR − 1): back to 1 s, then growing again
        assertEquals(1000, delayAt(decider, 1_000 + 2 * HOUR - 1));
        assertEquals(1500, delayAt(decider, 1_000 + 2 * HOUR));
    }

    @Test
    void jitterStaysWithinTheFactorOfTheDelay() {
        RestartBackoff backoff = new RestartBackoff.ExponentialDelay(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5,
                0.1, Duration.ofHours(1), Integer.MAX_VALUE);

        // random 0: −10 %: 900, 1350, 2025
        RestartDecider low = decider(SupervisionStrategy.ONE_FOR_ONE, RestartIntensity.UNLIMITED, backoff, () -> 0.0);
        assertEquals(900, delayAt(low, 0));
        assertEquals(1350, delayAt(low, 1));
        assertEquals(2025, delayAt(low, 2));

        // random just under 1: +10 % less 100 × 2^−52 ms, which rounds up: 1100, 1650, 2475
        double almostOne = Math.nextDown(1.0);
        RestartDecider high = decider(SupervisionStrategy.ONE_FOR_ONE, RestartIntensity.UNLIMITED, backoff, () -> almostOne);
        assertEquals(1100, delayAt(high, 0));
        assertEquals(1650, delayAt(high, 1));
        assertEquals(2475, delayAt(high, 2));

        // the jitter does not feed the growth: the middle draw gives the exact unjittered 3375
        RestartDecider middle = decider(SupervisionStrategy.ONE_FOR_ONE, RestartIntensity.UNLIMITED, backoff, NO_JITTER);
        for (int i = 0; i < 3; i++) {
            delayAt(middle, i);
        }
        assertEquals(3375, delayAt(middle, 3));
    }

    @Test
    void exponentialDelayGivesUpAfterItsAttemptsUntilTheQuietPeriodResetsThem() {
        RestartBackoff.Backoff backoff = new RestartBackoff.ExponentialDelay(Duration.ofSeconds(1), Duration.ofMinutes(1),
                2.0, 0.0, Duration.ofHours(1), 3).start(NO_JITTER);

        assertEquals(OptionalLong.of(1000), backoff.nextDelayMillis(0));
        assertEquals(OptionalLong.of(2000), backoff.nextDelayMillis(10));
        assertEquals(OptionalLong.of(4000), backoff.nextDelayMillis(20));
        assertEquals(OptionalLong.empty(), backoff.nextDelayMillis(30));
        assertEquals(OptionalLong.of(1000), backoff.nextDelayMillis(30 + HOUR));

        RestartDecider decider = decider(RestartIntensity.UNLIMITED, new RestartBackoff.ExponentialDelay(
                Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 0.0, Duration.ofHours(1), 1));
        assertEquals(1000, delayAt(decider, 0));
        assertTrue(giveUpAt(decider, 1).contains("allows no more restarts"));
    }

    @Test
    void exponentialDelayRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RestartBackoff.ExponentialDelay(Duration.ofSeconds(2),
                Duration.ofSeconds(1), 1.5, 0.1, Duration.ofHours(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new RestartBackoff.ExponentialDelay(Duration.ofSeconds(1),
                Duration.ofSeconds(2), 0.5, 0.1, Duration.ofHours(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new RestartBackoff.ExponentialDelay(Duration.ofSeconds(1),
                Duration.ofSeconds(2), 1.5, 1.5, Duration.ofHours(1), 1));
    }

    // ---- fixed delay, failure rate, no restart ------------------------------------------------------------

    @Test
    void fixedDelayWaitsTheSameForItsAttemptsThenGivesUp() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED, new RestartBackoff.FixedDelay(3, Duration.ofSeconds(2)));

        assertEquals(2000, delayAt(decider, 0));
        assertEquals(2000, delayAt(decider, HOUR));
        assertEquals(2000, delayAt(decider, 2 * HOUR)); // no reset: 3 attempts in all
        assertEquals("the restart strategy FixedDelay[attempts=3, delay=PT2S] allows no more restarts",
                giveUpAt(decider, 3 * HOUR));
    }

    @Test
    void failureRateGivesUpOnMoreThanItsMaxWithinTheInterval() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED,
                new RestartBackoff.FailureRate(2, Duration.ofSeconds(10), Duration.ofMillis(500)));

        assertEquals(500, delayAt(decider, 0));
        assertEquals(500, delayAt(decider, 1_000));
        // at 10000 the failure at 0 is 10 s old and no longer counts: [1000, 10000]
        assertEquals(500, delayAt(decider, 10_000));
        // at 11000 neither does 1000: [10000, 11000]
        assertEquals(500, delayAt(decider, 11_000));
        // [10000, 11000, 11500]: three within 10 s
        assertTrue(giveUpAt(decider, 11_500).contains("FailureRate"));
    }

    @Test
    void failureRateCountsEveryFailureInTheWindow() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED,
                new RestartBackoff.FailureRate(2, Duration.ofSeconds(10), Duration.ZERO));

        assertEquals(0, delayAt(decider, 0));
        assertEquals(0, delayAt(decider, 1_000));
        giveUpAt(decider, 9_999);
    }

    @Test
    void noRestartGivesUpOnTheFirstFailure() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED, new RestartBackoff.NoRestart());

        assertEquals("the restart strategy NoRestart[] allows no more restarts", giveUpAt(decider, 0));
    }

    @Test
    void immediateNeverWaitsAndLeavesGivingUpToTheIntensity() {
        RestartDecider decider = decider(RestartIntensity.UNLIMITED, SupervisorSettings.IMMEDIATE);

        for (int i = 0; i < 1_000; i++) {
            assertEquals(0, delayAt(decider, i));
        }
        assertEquals(1_000, decider.restarts());
    }
}
