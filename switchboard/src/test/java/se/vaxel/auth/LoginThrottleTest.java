package se.vaxel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.vaxel.TestClock;

/** Guessing is slowed per user name and address, doubling, and a right password opens the pair again. */
class LoginThrottleTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fiveWrongPasswordsAreFreeThenEachClosesThePairTwiceAsLong() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("Karin", "10.0.0.1");
            assertEquals(Duration.ZERO, throttle.wait("karin", "10.0.0.1"));
        }
        throttle.failed("karin", "10.0.0.1");
        assertEquals(Duration.ofSeconds(1), throttle.wait("KARIN", "10.0.0.1"), "the user name in any case");
        assertEquals(Duration.ZERO, throttle.wait("karin", "10.0.0.2"), "another address is not affected");
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("karin", "10.0.0.1");
        assertEquals(Duration.ofSeconds(2), throttle.wait("karin", "10.0.0.1"));
        clock.advance(Duration.ofSeconds(2));
        throttle.succeeded("karin", "10.0.0.1");
        throttle.failed("karin", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.wait("karin", "10.0.0.1"), "a right password starts again from nothing");
    }

    @Test
    void thePauseStopsGrowingAtFifteenMinutesAndAnHourOfQuietForgetsIt() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("bo", "10.0.0.9");
        }
        assertEquals(Duration.ofMinutes(15), throttle.wait("bo", "10.0.0.9"));
        clock.advance(Duration.ofMinutes(61));
        assertEquals(1, throttle.failed("bo", "10.0.0.9"));
        assertEquals(Duration.ZERO, throttle.wait("bo", "10.0.0.9"));
    }
}
