package se.vaxel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.RecordedAsterisk;
import se.vaxel.ami.Recording;

class SwitchboardHttpTest {

    @Test
    void anUnknownPathGetsAJsonErrorThatSaysWhatWasAsked() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            JsonObject answer = sb.get("/api/nothing-here");
            assertEquals(404, answer.getInteger("_status"));
            assertEquals("no such resource: GET /api/nothing-here", answer.getString("error"));
        }
    }

    @Test
    void aSwitchboardThatCannotListenFailsToStartAndNeverLogsInToAsterisk() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            try {
                VaxelConfig config = VaxelConfig.from(java.util.Map.of("VAXEL_HTTP_PORT", Integer.toString(taken.getLocalPort()),
                        "VAXEL_HTTP_HOST", "127.0.0.1", "VAXEL_CLUSTER_NAME", "test-" + java.util.UUID.randomUUID(), "VAXEL_DB_URL", "jdbc:h2:mem:vaxel-" + java.util.UUID.randomUUID()));
                SwitchboardVerticle sb = new SwitchboardVerticle(config,
                        se.vaxel.ami.AmiClientConfig.of("127.0.0.1", pbx.port(), "switchboard", "s"), java.time.Clock.systemUTC());
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> vertx.deployVerticle(sb).await(10, java.util.concurrent.TimeUnit.SECONDS));
                org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                        e.getMessage());
                org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(2))
                        .until(() -> pbx.logins() == 0);
            } finally {
                vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void agentsAndServicesAreListedWithStateAndEstimatedWait() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            io.vertx.core.json.JsonArray agents = sb.get("/api/agents").getJsonArray("agents");
            assertEquals(12, agents.size());
            JsonObject anna = agents.getJsonObject(0);
            assertEquals("anna.lind", anna.getString("id"));
            assertEquals("PJSIP/1001", anna.getString("device"));
            assertEquals("available", anna.getString("state"));
            assertEquals(5, anna.getJsonObject("skills").getInteger("social-services"));

            io.vertx.core.json.JsonArray services = sb.get("/api/services").getJsonArray("services");
            assertEquals(5, services.size());
            JsonObject social = services.getJsonObject(0);
            assertEquals("social-services", social.getString("id"));
            assertEquals("1", social.getString("ivrDigit"));
            assertEquals(4, social.getInteger("staffed"), "Anna, Erik, Maria and Johan have the skill");
            assertEquals(0.0, social.getDouble("estimatedWaitSeconds"));
            assertEquals(0.8, social.getJsonObject("serviceLevelTarget").getDouble("share"));
        }
    }

    @Test
    void queuesListTheConfiguredServicesWhileNobodyWaits() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            JsonObject queues = sb.get("/api/queues");
            assertEquals(VaxelConfig.SHIPPED_SERVICES.size(), queues.getJsonArray("queues").size());
            JsonObject first = queues.getJsonArray("queues").getJsonObject(0);
            assertEquals(0, first.getInteger("waiting"));
            assertEquals(0.0, first.getDouble("longestWaitSeconds"));
        }
    }
}
