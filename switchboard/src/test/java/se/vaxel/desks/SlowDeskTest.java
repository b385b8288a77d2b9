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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * Back-pressure, over real loopback TCP: a desk that stops reading while the switchboard has much to tell it (8 KB
 * matters, as a supervisor's desk gets in a busy hour) fills its socket's write queue; the switchboard stops writing
 * to it, and when the queue stays full for the drain time (3 s here) closes it with 1013. The session stays: the
 * desk reads what had reached it, comes back with {@code resume} and has every message, none twice. A desk that
 * reads again in time catches up from the outbox, in order, and stays open.
 */
class SlowDeskTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The most the test sends before the queue must be full: far more than loopback's socket buffers hold. */
    private static final int MAX_MESSAGES = 4_000;
    private static final int BATCH = 16;
    private static final String TEXT = "x".repeat(8 * 1024);

    private static PbxSimulator pbx;
    private static SwitchboardHarness sb;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        pbx = PbxSimulator.start(SimConfig.builder("vaxel", "slow-secret").seed(3).traffic(SimConfig.Traffic.none()).build());
        sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "slow-secret"),
                Map.of("VAXEL_DESK_DRAIN_SECONDS", "3"), Map.of("anna.lind", List.of("agent"), "erik.berg", List.of("agent")));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS); // the desks' side first: none left half-closed
        sb.close();
        pbx.close();
    }

    @Test
    void aDeskThatStopsReadingIsClosedWith1013AndResumesWithNothingLost() {
        DeskServer server = sb.verticle().desks();
        String token = sb.login("anna.lind");
        TreeSet<Long> seen = new TreeSet<>();
        int sent;
        try (DeskProbe desk = DeskProbe.connect(vertx, sb.deskUri())) {
            desk.hello(token);
            assertEquals(1L, desk.next("welcome", WAIT).getLong("seq"));
            desk.stopReading();
            sent = fillUntilFull("anna.lind");
            // Nothing more is written to it; it stays full, so it is closed after the drain time, and the session kept.
            await().atMost(WAIT).until(() -> sb.onLoop().call(() -> server.desks().addressOf("anna.lind") == null));
            assertTrue(sb.onLoop().call(() -> server.desks().has("anna.lind")), "the session kept for a resume");

            desk.readAgain();
            await().atMost(WAIT).until(() -> desk.closeCode() != null);
            assertEquals((short) 1013, desk.closeCode());
            assertEquals("too slow: reconnect and resume", desk.closeReason());
            desk.drain().forEach(m -> seen.add(m.getLong("seq")));
        }
        long read = 1;
        while (seen.contains(read + 1)) {
            read++;
        }

        try (DeskProbe back = DeskProbe.connect(vertx, sb.deskUri())) {
            back.resume(token, read);
            TreeSet<Long> replayed = new TreeSet<>();
            JsonObject m;
            while (!"welcome".equals((m = back.next(WAIT)).getString("type"))) {
                assertTrue(replayed.add(m.getLong("seq")), "twice: " + m.getLong("seq"));
            }
            assertTrue(m.getBoolean("resumed"), m.encode());
            long welcome = m.getLong("seq");
            assertEquals(1 + sent, welcome - 1, "every message numbered before the welcome");
            for (long seq = read + 1; seq < welcome; seq++) {
                assertTrue(replayed.contains(seq), "message " + seq + " lost (read up to " + read + ", replayed " + replayed + ")");
            }
            long upTo = read;
            assertTrue(replayed.stream().allMatch(seq -> seq > upTo), "nothing the desk had read comes again");
        }
    }

    @Test
    void aDeskThatFallsBehindForAMomentCatchesUpInOrderAndStaysOpen() {
        DeskServer server = sb.verticle().desks();
        try (DeskProbe desk = DeskProbe.connect(vertx, sb.deskUri())) {
            desk.hello(sb.login("erik.berg"));
            assertEquals(1L, desk.next("welcome", WAIT).getLong("seq"));
            desk.stopReading();
            int sent = fillUntilFull("erik.berg");
            desk.readAgain(); // well within the drain time
            sent += send("erik.berg", sent, BATCH); // more while it catches up: they come after the rest, from the outbox
            for (long seq = 2; seq <= 1 + sent; seq++) {
                assertEquals(seq, desk.next(WAIT).getLong("seq"), "in order, none lost or twice");
            }
            assertEquals(null, desk.closeCode());
            assertEquals(0, sb.onLoop().call(() -> server.desks().congested()));
        }
    }

    /** 8 KB messages to the staff's desks, a batch at a time, until a socket's write queue is full; how many were sent. */
    private static int fillUntilFull(String staffId) {
        int sent = 0;
        boolean full = false;
        while (!full && sent < MAX_MESSAGES) {
            sent += send(staffId, sent, BATCH);
            full = sb.onLoop().call(() -> sb.verticle().desks().desks().congested() > 0);
        }
        assertTrue(full, "the write queue never filled in " + sent + " messages of 8 KB");
        return sent;
    }

    private static int send(String staffId, int from, int count) {
        sb.onLoop().run(() -> {
            for (int i = from; i < from + count; i++) {
                sb.verticle().desks().desks().toStaff(staffId, new JsonObject().put("type", "matter").put("id", "m-" + i).put("summary", TEXT));
            }
        });
        return count;
    }
}
