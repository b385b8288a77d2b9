package se.vaxel.wallboard;

import java.util.OptionalInt;

/**
 * Erlang's C formula and the staffing it implies, as the metrics README defines the advice: the least number of
 * agents N &gt; A (A the traffic in erlangs) with 1 − C(N, A)·e^(−(N−A)·T/AHT) ≥ p. Computed through Erlang B's
 * recursion B(n) = A·B(n−1) / (n + A·B(n−1)), B(0) = 1, which stays within [0, 1] at every step, so large
 * traffic neither overflows (no A^N, no N!) nor loses precision; C follows from B as C = N·B / (N − A·(1 − B)).
 */
public final class ErlangC {

    /** Beyond this many agents above the traffic the advice gives up (a safety net: any share below 1 is reached sooner). */
    static final int MAX_ABOVE_TRAFFIC = 10_000;

    private ErlangC() {}

    /** Erlang B: the probability that a call finds all {@code n} servers busy with no queue, for traffic {@code a}. */
    public static double erlangB(int n, double a) {
        check(n, a);
        double b = 1;
        for (int k = 1; k <= n; k++) {
            b = next(b, k, a);
        }
        return b;
    }

    /** Erlang C: the probability that a call waits, with {@code n} agents and traffic {@code a} (1 when n ≤ a). */
    public static double erlangC(int n, double a) {
        check(n, a);
        return fromB(erlangB(n, a), n, a);
    }

    /** The share answered within {@code targetSeconds} with {@code n} agents: 1 − C·e^(−(N−A)·T/AHT); 0 when n ≤ a. */
    public static double serviceLevel(int n, double a, double ahtSeconds, double targetSeconds) {
        return serviceLevel(erlangC(n, a), n, a, ahtSeconds, targetSeconds);
    }

    /**
     * The least N &gt; A whose service level reaches {@code share} within {@code targetSeconds}; empty when no number
     * does: a share of 1 (some citizen may always wait longer; in floating point it would come out at whichever N
     * rounds the risk to 0, which is no advice), or none up to {@link #MAX_ABOVE_TRAFFIC} above the traffic.
     */
    public static OptionalInt agentsNeeded(double a, double ahtSeconds, double share, double targetSeconds) {
        check(0, a);
        if (!(ahtSeconds > 0)) {
            throw new IllegalArgumentException("the handle time must be above 0 s, not " + ahtSeconds);
        }
        if (share >= 1) {
            return OptionalInt.empty();
        }
        double b = 1;
        int limit = (int) Math.min(Integer.MAX_VALUE, Math.floor(a) + MAX_ABOVE_TRAFFIC);
        for (int n = 1; n <= limit; n++) {
            b = next(b, n, a); // one recursion step per candidate: the search costs what computing B(N) once does
            if (n > a && serviceLevel(fromB(b, n, a), n, a, ahtSeconds, targetSeconds) >= share) {
                return OptionalInt.of(n);
            }
        }
        return OptionalInt.empty();
    }

    private static double next(double b, int n, double a) {
        return a * b / (n + a * b);
    }

    private static double fromB(double b, int n, double a) {
        if (n <= a) {
            return 1; // the queue grows without end: everyone waits
        }
        return n * b / (n - a * (1 - b));
    }

    private static double serviceLevel(double c, int n, double a, double ahtSeconds, double targetSeconds) {
        if (n <= a) {
            return 0;
        }
        return 1 - c * Math.exp(-(n - a) * targetSeconds / ahtSeconds);
    }

    private static void check(int n, double a) {
        if (n < 0 || !(a >= 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("agents at least 0 and traffic a finite number of erlangs at least 0, not " + n + ", " + a);
        }
    }
}
