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
