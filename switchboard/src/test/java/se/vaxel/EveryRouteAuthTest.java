package se.vaxel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.AmiClientConfig;

/**
 * Walks every route the switchboard's router has, so that a route added later is checked without anyone
 * remembering to: each answers 401 without a session, and 403 to a member of staff with no role of Växel's, unless
 * it is on the short list of routes open by design below (each with the reason). The per-area tests say who else
 * may use each (CasesAuthTest, MatterHandlingTest, LiveApisAuthTest, AuditApiTest, DeskProtocolTest).
 */
class EveryRouteAuthTest {

    /** Open by design: method and path as the router has them, and why. */
    private static final Map<String, String> OPEN = Map.of(
            "POST /api/session", "the log-in itself",
            "GET /health", "load balancers and monitors ask it; it names no one",
            "GET /metrics", "Prometheus scrapes it; counts only, no personal data (restrict it at the network)",
            "* /api/desk", "the desks' WebSocket: the session token comes in its first message (hello), DeskProtocolTest",
            "* /api/wallboard", "the wallboard's WebSocket: the session token comes in its first message (hello), WallboardSocketTest",
            "GET /", "a redirect to the desks' pages",
            "GET /desk", "the desks' pages: static files, the log-in form among them; they hold no data",
            "GET,HEAD /desk/", "the same static files");

    /** Open to any member of staff logged in, whatever their roles: who they are, and logging out. */
    private static final Set<String> ANY_STAFF = Set.of("GET /api/session", "DELETE /api/session");

    @Test
    void everyRouteNeedsASessionAndOneOfItsRolesUnlessOpenByDesign() throws Exception {
        try (SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", 1, "vaxel", "unused"), Map.of(),
                Map.of("visitor", List.of("visitor")))) {
            String visitor = sb.login("visitor");
            Set<String> seen = new TreeSet<>();
            List<String> checked = new ArrayList<>();
            for (Route route : sb.verticle().routes()) {
                if (route.getPath() == null) {
                    // the catch-all 404 and the failure handler have no path; a route by regular expression cannot be walked
                    assertTrue(!route.isRegexPath(), "a route by regular expression: give it a path, or walk it here: " + route);
                    continue;
                }
                String methods = route.methods() == null || route.methods().isEmpty() ? "*"
                        : String.join(",", route.methods().stream().map(HttpMethod::name).sorted().toList());
                String key = methods + " " + route.getPath();
                seen.add(key);
                if (OPEN.containsKey(key)) {
                    continue;
                }
                String path = route.getPath().replaceAll(":[A-Za-z]+", "x") + (route.getPath().endsWith("/") ? "x" : "");
                for (String method : methods.equals("*") ? List.of("GET") : List.of(methods.split(","))) {
                    String what = method + " " + path + " (route " + key + ")";
                    assertEquals(401, sb.request(method, path, "{}").getInteger("_status"), what + " without a session");
                    assertEquals(401, sb.request(method, path, "{}", "made-up").getInteger("_status"), what + " with a made-up token");
                    if (!ANY_STAFF.contains(key)) {
                        assertEquals(403, sb.request(method, path, "{}", visitor).getInteger("_status"), what + " without a role");
                    }
                    checked.add(what);
                }
            }
            assertTrue(seen.containsAll(OPEN.keySet()), "the open routes are still there as listed: " + seen);
            assertTrue(checked.size() > 20, "the walk reached the APIs: " + checked);
            System.out.println("Routes walked: " + checked.size() + "\n  " + String.join("\n  ", checked));
        }
    }
}
