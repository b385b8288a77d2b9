package se.vaxel.desks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * Back-pressure, over real loopback TCP: a desk that stops reading while the switchboard has much to tell it (8 KB
 * matters, as a supervisor's desk gets in a busy hour) fills its socket's write queue; the switchboard stops writing
 * to it, and when the queue stays full for the drain time (1 s here) closes it with 1013. The session stays: the
 * desk reads what had reached it, comes back with {@code resume} and has every message, none twice.
 */
class SlowDeskTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The most the test sends before the queue must be full: far more than loopback's socket buffers hold. */
    private static final int MAX_MESSAGES = 4_000;
    private static final int BATCH = 16;

    @Test
    void aDeskThatStopsReadingIsClosedWith1013AndResumesWithNothingLost() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (PbxSimulator pbx = PbxSimulator.start(SimConfig.builder("vaxel", "slow-secret").seed(3).traffic(SimConfig.Traffic.none()).build());
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "slow-secret"),
                        Map.of("VAXEL_DESK_DRAIN_SECONDS", "1"), Map.of("anna.lind", List.of("agent")))) {
            DeskServer server = sb.verticle().desks();
            String token = sb.login("anna.lind");
            DeskProbe desk = DeskProbe.connect(vertx, sb.deskUri());
            desk.hello(token);
            assertEquals(1L, desk.next("welcome", WAIT).getLong("seq"));
            desk.stopReading();

            String text = "x".repeat(8 * 1024);
            int sent = 0;
            boolean full = false;
            while (!full && sent < MAX_MESSAGES) {
                int from = sent;
                full = sb.onLoop().call(() -> {
                    for (int i = from; i < from + BATCH; i++) {
                        server.desks().toStaff("anna.lind", new JsonObject().put("type", "matter").put("id", "m-" + i).put("summary", text));
                    }
                    return server.desks().congested() > 0;
                });
                sent += BATCH;
            }
            assertTrue(full, "the write queue never filled in " + sent + " messages of 8 KB");
            // Nothing more is written to it; it stays full, so it is closed after the drain time, and the session kept.
            await().atMost(WAIT).until(() -> sb.onLoop().call(() -> server.connected() == 0));
            assertEquals(1, server.sessions());

            desk.readAgain();
            await().atMost(WAIT).until(() -> desk.closeCode() != null);
            assertEquals((short) 1013, desk.closeCode());
            assertEquals("too slow: reconnect and resume", desk.closeReason());
            TreeSet<Long> seen = new TreeSet<>();
            desk.drain().forEach(m -> seen.add(m.getLong("seq")));
            long lastInOrder = 1;
            while (seen.contains(lastInOrder + 1)) {
                lastInOrder++;
            }
            desk.close();

            DeskProbe back = DeskProbe.connect(vertx, sb.deskUri());
            back.resume(token, lastInOrder);
            TreeSet<Long> replayed = new TreeSet<>();
            JsonObject m;
            while (!"welcome".equals((m = back.next(WAIT)).getString("type"))) {
                assertTrue(replayed.add(m.getLong("seq")), "twice: " + m.getLong("seq"));
            }
            assertTrue(m.getBoolean("resumed"), m.encode());
            long welcome = m.getLong("seq");
            assertEquals(1 + sent, welcome - 1, "every message numbered before the welcome");
            for (long seq = lastInOrder + 1; seq < welcome; seq++) {
                assertTrue(replayed.contains(seq), "message " + seq + " lost (read up to " + lastInOrder + ", replayed " + replayed + ")");
            }
            long read = lastInOrder;
            assertTrue(replayed.stream().allMatch(seq -> seq > read), "nothing the desk had read comes again");
            back.close();
        } finally {
            vertx.close();
        }
    }
}
