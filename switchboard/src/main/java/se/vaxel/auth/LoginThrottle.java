package se.vaxel.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing per user name and client address: the first {@value #FREE_FAILURES} wrong
 * passwords in a row cost nothing extra, each further one closes that pair for twice as long as the one
 * before (1 s, 2 s, 4 s, ... up to 15 minutes); a right password opens it again. Other addresses are not
 * affected, so a guesser cannot lock a colleague out from elsewhere. Per node, in memory, bounded.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    private static final Duration LONGEST = Duration.ofMinutes(15);
    /** A pair not seen for this long starts again from nothing. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Enough for a whole contact centre's mistakes; past it the oldest are forgotten first. */
    private static final int MAX_PAIRS = 10_000;

    private record Failures(int count, Instant last, Instant closedUntil) {}

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this pair must still wait; zero when it may try now. */
    public Duration wait(String user, String address) {
        Failures f = failures.get(key(user, address));
        if (f == null || f.closedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.closedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Counts one more wrong password; returns how many in a row. */
    public int failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_PAIRS) {
            forgetOld(now);
        }
        Failures f = failures.compute(key(user, address), (k, old) -> {
            int count = old == null || old.last().plus(FORGET_AFTER).isBefore(now) ? 1 : old.count() + 1;
            Instant until = count <= FREE_FAILURES ? null : now.plus(closed(count - FREE_FAILURES));
            return new Failures(count, now, until);
        });
        return f.count();
    }

    public void succeeded(String user, String address) {
        failures.remove(key(user, address));
    }

    private static Duration closed(int beyondFree) {
        Duration d = Duration.ofSeconds(1L << Math.min(beyondFree - 1, 20));
        return d.compareTo(LONGEST) > 0 ? LONGEST : d;
    }

    private void forgetOld(Instant now) {
        failures.values().removeIf(f -> f.last().plus(FORGET_AFTER).isBefore(now));
        if (failures.size() >= MAX_PAIRS) {
            // Still full (a flood from many addresses): keep the closed pairs, forget the rest.
            failures.values().removeIf(f -> f.closedUntil() == null || f.closedUntil().isBefore(now));
        }
    }

    private static String key(String user, String address) {
        return String.valueOf(user).toLowerCase(Locale.ROOT) + "\n" + address;
    }
}
