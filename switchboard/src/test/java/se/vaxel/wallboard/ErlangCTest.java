package se.vaxel.wallboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Erlang C against published table values and an independent calculation (the textbook formula, summed in log
 * space so that it holds for large traffic too), and the staffing advice the metrics README defines.
 */
class ErlangCTest {

    /** C(N, A) straight from the formula: (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)), in logs. */
    private static double independentC(int n, double a) {
        double[] logTerms = new double[n + 1];
        double logFactorial = 0;
        for (int k = 0; k <= n; k++) {
            if (k > 0) {
                logFactorial += Math.log(k);
            }
            logTerms[k] = k * Math.log(a) - logFactorial;
        }
        double logTop = logTerms[n] + Math.log(n / (n - a));
        double max = logTop;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, logTerms[k]);
        }
        double sum = Math.exp(logTop - max);
        for (int k = 0; k < n; k++) {
            sum += Math.exp(logTerms[k] - max);
        }
        return Math.exp(logTop - max) / sum;
    }

    @Test
    void tenErlangsMatchThePublishedTableAndTheFormula() {
        // Erlang C tables, A = 10: the probability of waiting with 11 to 15 agents
        double[] published = {0.6821, 0.4494, 0.2853, 0.1741, 0.1020};
        for (int n = 11; n <= 15; n++) {
            double c = ErlangC.erlangC(n, 10);
            assertEquals(published[n - 11], c, 0.00005, "C(" + n + ", 10)");
            assertEquals(independentC(n, 10), c, 1e-12, "C(" + n + ", 10) by the formula");
        }
    }

    @Test
    void erlangBOfSmallCasesByHand() {
        assertEquals(1.0, ErlangC.erlangB(0, 3), 0);
        assertEquals(2.0 / 3, ErlangC.erlangB(1, 2), 1e-15, "A/(1+A)");
        assertEquals(2.0 / 5, ErlangC.erlangB(2, 2), 1e-15, "(A²/2)/(1+A+A²/2)");
        assertEquals(1.0, ErlangC.erlangC(5, 5), 0, "N ≤ A: everyone waits");
        assertEquals(1.0, ErlangC.erlangC(3, 5), 0);
    }

    @Test
    void largeTrafficStaysFiniteAndMatchesTheFormula() {
        for (double a : new double[] {150, 500, 1000, 2500.5}) {
            for (int above : new int[] {1, 10, 40}) {
                int n = (int) Math.floor(a) + above;
                double c = ErlangC.erlangC(n, a);
                assertTrue(c > 0 && c < 1, "C(" + n + ", " + a + ") = " + c);
                assertEquals(independentC(n, a), c, 1e-9, "C(" + n + ", " + a + ")");
            }
        }
    }

    /**
     * The usual worked example: 100 calls in 30 minutes, AHT 180 s, so A = 100/1800 s × 180 s = 10 erlangs; target 80%
     * within 20 s. 13 agents answer 79.6% within 20 s (just short), 14 answer 88.8%: the advice is 14.
     */
    @Test
    void theWorkedExampleNeedsFourteenAgents() {
        double a = 100.0 / 1800 * 180;
        assertEquals(10.0, a, 1e-12);
        assertEquals(0.7956, ErlangC.serviceLevel(13, a, 180, 20), 0.00005);
        assertEquals(0.8884, ErlangC.serviceLevel(14, a, 180, 20), 0.00005);
        assertEquals(OptionalInt.of(14), ErlangC.agentsNeeded(a, 180, 0.8, 20));
        assertEquals(OptionalInt.of(13), ErlangC.agentsNeeded(a, 180, 0.79, 20), "a target just under 13 agents' 79.6%");
        assertEquals(0.3896, ErlangC.serviceLevel(11, a, 180, 20), 0.00005);
        assertEquals(0, ErlangC.serviceLevel(10, a, 180, 20), 0, "N = A: the queue never empties");
    }

    @Test
    void theAdviceIsTheLeastNumberAboveTheTrafficThatReachesTheTarget() {
        for (double a : new double[] {0.2, 1, 3.7, 10, 42.5, 300}) {
            int n = ErlangC.agentsNeeded(a, 240, 0.9, 30).getAsInt();
            assertTrue(n > a, n + " > " + a);
            assertTrue(ErlangC.serviceLevel(n, a, 240, 30) >= 0.9, "N = " + n + " reaches the target at A = " + a);
            assertTrue(n - 1 <= a || ErlangC.serviceLevel(n - 1, a, 240, 30) < 0.9, "N − 1 does not, at A = " + a);
        }
        assertEquals(OptionalInt.of(1), ErlangC.agentsNeeded(0, 180, 0.8, 20), "no calls: the least N above 0");
        assertEquals(OptionalInt.empty(), ErlangC.agentsNeeded(2, 180, 1.0, 20), "100% is never certain");
        assertThrows(IllegalArgumentException.class, () -> ErlangC.agentsNeeded(-1, 180, 0.8, 20));
        assertThrows(IllegalArgumentException.class, () -> ErlangC.agentsNeeded(1, 0, 0.8, 20));
    }
}
