package se.vaxel.pbxsim.core;

/**
 * How the simulated phones behave. Times in milliseconds; each value is drawn uniformly between min and max
 * from the core's seeded RNG, so a run is repeatable. citizenCallbackAnswerShare: the share of called-back citizens
 * (not scripted by a test) who answer.
 */
public record SimBehaviour(long agentAnswerMinMs, long agentAnswerMaxMs, long agentTalkMinMs, long agentTalkMaxMs,
                           double agentMissedShare, long citizenAnswerMinMs, long citizenAnswerMaxMs,
                           long citizenTalkMinMs, long citizenTalkMaxMs, long digitDelayMs,
                           java.util.Set<String> neverAnswer, double citizenCallbackAnswerShare) {

    long draw(java.util.Random rng, long min, long max) {
        return max <= min ? min : min + (long) (rng.nextDouble() * (max - min));
    }
}
