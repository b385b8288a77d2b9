package se.vaxel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.AmiClientConfig;

/**
 * The live APIs show every caller's number and every agent: only for supervisors, administrators and a
 * wallboard's account; an agent or an officer is refused, and so is anyone not logged in. /health stays open
 * (load balancers and monitors ask it).
 */
class LiveApisAuthTest {

    private static final List<String> LIVE = List.of("/api/calls", "/api/calls/finished", "/api/queues", "/api/agents",
            "/api/services", "/api/callbacks");

    @Test
    void theLivePictureIsForThoseWhoWatchTheContactCentre() throws Exception {
        try (SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", 1, "vaxel", "unused"), Map.of())) {
            Map<String, Integer> expected = Map.of("supervisor", 200, "admin", 200, "wallboard", 200, "agent", 403, "officer", 403);
            Map<String, String> tokens = new java.util.HashMap<>();
            expected.keySet().forEach(user -> tokens.put(user, sb.login(user)));
            for (String path : LIVE) {
                assertEquals(401, sb.request("GET", path, null).getInteger("_status"), path + " without a log-in");
                assertEquals(401, sb.request("GET", path, null, "made-up").getInteger("_status"), path + " with a made-up token");
                expected.forEach((user, status) -> assertEquals(status, sb.get(path, tokens.get(user)).getInteger("_status"),
                        path + " as " + user));
            }
            assertEquals(503, sb.request("GET", "/health", null).getInteger("_status"), "open, and says the AMI link is down");
        }
    }
}
