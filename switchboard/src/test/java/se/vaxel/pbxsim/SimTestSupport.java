package se.vaxel.pbxsim;

import java.time.Duration;

/** Shared settings for the simulator tests: fast agents, no background traffic, a test-only secret. */
final class SimTestSupport {

    static final String USER = "vaxel";
    /** A test secret, not a default: the simulator has none. */
    static final String SECRET = "test-secret-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    private SimTestSupport() {
    }

    static SimConfig.Builder quick() {
        return SimConfig.builder(USER, SECRET).seed(42)
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(300), Duration.ofMillis(400))
                        .withTalk(Duration.ofMillis(500), Duration.ofMillis(600)).withMissedShare(0));
    }
}
