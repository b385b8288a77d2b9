package se.vaxel.pbxsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * The shipped [vaxel-hold] sends a citizen to the fallback queue VAXEL_HOLD_TIMEOUT seconds after they first
 * queued: a missed ring that puts them back on hold does not restart the clock.
 */
class HoldDeadlineTest {

    @TempDir
    Path dir;

    @Test
    void theFallbackDeadlineRunsFromTheFirstQueueingNotFromTheLastReturnToHold() throws IOException {
        String shipped;
        try (InputStream in = getClass().getResourceAsStream("/dialplans/extensions.conf")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String withShortHold = shipped.replaceFirst("VAXEL_HOLD_TIMEOUT = 300", "VAXEL_HOLD_TIMEOUT = 5");
        assertTrue(!withShortHold.equals(shipped), "the shipped hold timeout is where this test expects it");
        Files.writeString(dir.resolve("extensions.conf"), withShortHold);
        try (InputStream in = getClass().getResourceAsStream("/dialplans/queues.conf")) {
            Files.write(dir.resolve("queues.conf"), in.readAllBytes());
        }
        try (PbxSimulator pbx = PbxSimulator.start(SimTestSupport.quick().dialplanDir(dir).mode(SimConfig.Mode.ROUTE)
                .agents(SimTestSupport.quick().build().agents().withNeverAnswer(Set.of("1005"))).build());
             AmiTestClient c = AmiTestClient.login(pbx.port(), SimTestSupport.USER, SimTestSupport.SECRET)) {
            String linkedid = pbx.placeCitizenCall("+46701112299", '2', Duration.ofSeconds(60));
            AmiMessage queued = c.awaitEvent("UserEvent", m -> linkedid.equals(m.get("Linkedid"))
                    && "VaxelCallQueued".equals(m.get("UserEvent")), Duration.ofSeconds(10));
            long queuedAt = System.nanoTime();
            String chan = queued.get("Channel");
            c.awaitEvent("MusicOnHoldStart", m -> chan.equals(m.get("Channel")), Duration.ofSeconds(2));

            c.action(AmiMessage.action("Setvar").add("Channel", chan).add("Variable", "VAXEL_RING_TIMEOUT").add("Value", "2"));
            c.action(AmiMessage.action("Redirect").add("Channel", chan).add("Context", "vaxel-connect").add("Exten", "1005")
                    .add("Priority", "1"));
            c.awaitEvent("UserEvent", m -> "VaxelNoAnswer".equals(m.get("UserEvent")), Duration.ofSeconds(5));
            long backOnHold = System.nanoTime();

            AmiMessage fallback = c.awaitEvent("UserEvent", m -> "VaxelFallback".equals(m.get("UserEvent")), Duration.ofSeconds(10));
            long fellBackAt = System.nanoTime();
            assertEquals("building-permits", fallback.get("Service"));
            double sinceQueued = (fellBackAt - queuedAt) / 1e9;
            double sinceBack = (fellBackAt - backOnHold) / 1e9;
            // EPOCH has whole seconds, so allow one either way around the 5 s deadline.
            assertTrue(sinceQueued > 3.9 && sinceQueued < 6.2, "fell back " + sinceQueued + " s after queueing");
            assertTrue(sinceBack < 4.5, "not a fresh 5 s after returning to hold: " + sinceBack);
            c.awaitEvent("QueueCallerJoin", m -> linkedid.equals(m.get("Linkedid")), Duration.ofSeconds(2));
        }
    }
}
