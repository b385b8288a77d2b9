package se.vaxel.desks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * A log-in that expires while its desk is open closes the desk's socket with 4401 at the session's end, not at the
 * desk's next hello: sessions of 3.6 s here (VAXEL_SESSION_HOURS=0.001).
 */
class DeskSessionExpiryTest {

    @Test
    void theDeskIsClosedWith4401WhenItsSessionExpires() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (PbxSimulator pbx = PbxSimulator.start(SimConfig.builder("vaxel", "exp-secret").seed(4).traffic(SimConfig.Traffic.none()).build());
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "exp-secret"),
                        Map.of("VAXEL_SESSION_HOURS", "0.001"), Map.of("anna.lind", List.of("agent")));
                DeskProbe desk = DeskProbe.connect(vertx, sb.deskUri())) {
            JsonObject login = sb.request("POST", "/api/session",
                    new JsonObject().put("user", "anna.lind").put("password", sb.password("anna.lind")).encode());
            Instant expiresAt = Instant.parse(login.getString("expiresAt"));
            desk.hello(login.getString("token"));
            desk.next("welcome", Duration.ofSeconds(5));
            assertNull(desk.closeCode(), "open while the session lasts");

            await().atMost(Duration.ofSeconds(15)).until(() -> desk.closeCode() != null);
            assertFalse(Instant.now().isBefore(expiresAt), "closed before the session's end");
            assertEquals((short) 4401, desk.closeCode());
            assertEquals("expired", desk.closeReason());
            JsonObject e = desk.next("error", Duration.ofSeconds(5));
            assertEquals("unauthenticated", e.getString("code"));
            assertEquals("expired", e.getString("ended"));
            assertEquals(0, sb.verticle().desks().connected());
        } finally {
            vertx.close();
        }
    }
}
