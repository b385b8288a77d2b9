package se.vaxel.pbxsim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the simulator. Build with {@link #builder(String, String)}: the AMI user and secret have no
 * defaults (a secret in code would end up in production). Every other field has a sane default.
 *
 * @param bindHost   address to listen on (127.0.0.1)
 * @param port       TCP port, 0 for an ephemeral one
 * @param username   AMI user
 * @param secret     AMI secret (plain Login and MD5 challenge both accept it)
 * @param seed       seeds the one RNG behind numbers, choices, delays: same seed and timing, same run
 * @param dialplanDir directory holding extensions.conf and queues.conf, or null for the shipped ones on the classpath
 * @param mode       overrides the dialplan's VAXEL_MODE global, or null to keep the file's value
 * @param traffic    the citizens' calls
 * @param agents     the agents' phones
 */
public record SimConfig(String bindHost, int port, String username, String secret, long seed, Path dialplanDir,
                        Mode mode, Traffic traffic, Agents agents) {

    public SimConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(agents, "agents");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("an AMI secret is required");
        }
    }

    public enum Mode {
        OBSERVE, ROUTE;

        String global() {
            return name().toLowerCase();
        }
    }

    /**
     * Citizens' calls.
     *
     * @param callsPerMinute      arrival rate (Poisson); 0 = no generated traffic
     * @param digitWeights        relative weight of each IVR digit ('1'..'4', '0')
     * @param noDigitShare        share of citizens who press nothing (they end up at the switchboard)
     * @param patienceMin         shortest time a citizen waits on hold before hanging up
     * @param patienceMax         longest
     * @param callbackShare       share of citizens who press 1 when offered a call-back (the others press nothing)
     * @param callbackAnswerShare share of called-back citizens who answer; the others ring out or, a few, are busy
     */
    public record Traffic(double callsPerMinute, Map<Character, Integer> digitWeights, double noDigitShare,
                          Duration patienceMin, Duration patienceMax, double callbackShare,
                          double callbackAnswerShare) {

        public static Traffic none() {
            return new Traffic(0, defaultWeights(), 0.05, Duration.ofSeconds(60), Duration.ofSeconds(240), 0.0, 0.8);
        }

        public static Traffic of(double callsPerMinute) {
            return none().withCallsPerMinute(callsPerMinute);
        }

        public static Map<Character, Integer> defaultWeights() {
            return Map.of('1', 35, '2', 20, '3', 20, '4', 15, '0', 10);
        }

        public Traffic withCallsPerMinute(double v) {
            return new Traffic(v, digitWeights, noDigitShare, patienceMin, patienceMax, callbackShare,
                    callbackAnswerShare);
        }

        public Traffic withDigitWeights(Map<Character, Integer> v) {
            return new Traffic(callsPerMinute, Map.copyOf(v), noDigitShare, patienceMin, patienceMax, callbackShare,
                    callbackAnswerShare);
        }

        public Traffic withNoDigitShare(double v) {
            return new Traffic(callsPerMinute, digitWeights, v, patienceMin, patienceMax, callbackShare,
                    callbackAnswerShare);
        }

        public Traffic withPatience(Duration min, Duration max) {
            return new Traffic(callsPerMinute, digitWeights, noDigitShare, min, max, callbackShare,
                    callbackAnswerShare);
        }

        public Traffic withCallbackShare(double v) {
            return new Traffic(callsPerMinute, digitWeights, noDigitShare, patienceMin, patienceMax, v,
                    callbackAnswerShare);
        }

        public Traffic withCallbackAnswerShare(double v) {
            return new Traffic(callsPerMinute, digitWeights, noDigitShare, patienceMin, patienceMax, callbackShare, v);
        }
    }

    /**
     * Agents' phones.
     *
     * @param answerMin   shortest ring before an agent answers
     * @param answerMax   longest
     * @param talkMin     shortest conversation (the agent hangs up)
     * @param talkMax     longest
     * @param missedShare share of rings nobody answers
     * @param neverAnswer extensions that never answer
     */
    public record Agents(Duration answerMin, Duration answerMax, Duration talkMin, Duration talkMax, double missedShare,
                         java.util.Set<String> neverAnswer) {

        public static Agents defaults() {
            return new Agents(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(60),
                    Duration.ofSeconds(240), 0.1, java.util.Set.of());
        }

        public Agents withAnswer(Duration min, Duration max) {
            return new Agents(min, max, talkMin, talkMax, missedShare, neverAnswer);
        }

        public Agents withTalk(Duration min, Duration max) {
            return new Agents(answerMin, answerMax, min, max, missedShare, neverAnswer);
        }

        public Agents withMissedShare(double v) {
            return new Agents(answerMin, answerMax, talkMin, talkMax, v, neverAnswer);
        }

        /** Extensions whose phones ring but are never picked up (an agent away from the desk). */
        public Agents withNeverAnswer(java.util.Set<String> extensions) {
            return new Agents(answerMin, answerMax, talkMin, talkMax, missedShare, java.util.Set.copyOf(extensions));
        }
    }

    public static Builder builder(String username, String secret) {
        return new Builder(username, secret);
    }

    public Builder toBuilder() {
        Builder b = new Builder(username, secret);
        b.bindHost = bindHost;
        b.port = port;
        b.seed = seed;
        b.dialplanDir = dialplanDir;
        b.mode = mode;
        b.traffic = traffic;
        b.agents = agents;
        return b;
    }

    public static final class Builder {
        private final String username;
        private final String secret;
        private String bindHost = "127.0.0.1";
        private int port;
        private long seed = 1;
        private Path dialplanDir;
        private Mode mode;
        private Traffic traffic = Traffic.none();
        private Agents agents = Agents.defaults();

        private Builder(String username, String secret) {
            this.username = username;
            this.secret = secret;
        }

        public Builder bindHost(String v) {
            bindHost = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder dialplanDir(Path v) {
            dialplanDir = v;
            return this;
        }

        public Builder mode(Mode v) {
            mode = v;
            return this;
        }

        public Builder traffic(Traffic v) {
            traffic = v;
            return this;
        }

        public Builder agents(Agents v) {
            agents = v;
            return this;
        }

        public SimConfig build() {
            return new SimConfig(bindHost, port, username, secret, seed, dialplanDir, mode, traffic, agents);
        }
    }
}
