package se.vaxel.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The queue metrics on a running switchboard's /metrics, following the PBX simulator over AMI in observe mode:
 * app_queue routes the calls, and they count in their service's queue like any other.
 */
class QueueMetricsEndToEndTest {

    private static final String SECRET = "metrics-secret";

    private static PbxSimulator pbx(SimConfig.Agents agents) throws Exception {
        return PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(7).mode(SimConfig.Mode.OBSERVE)
                .traffic(SimConfig.Traffic.none()).agents(agents).build());
    }

    private static SwitchboardHarness switchboard(PbxSimulator pbx) throws Exception {
        return switchboard(pbx, Map.of());
    }

    private static SwitchboardHarness switchboard(PbxSimulator pbx, Map<String, String> more) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(more);
        settings.put("VAXEL_SHORT_ABANDON_SECONDS", "1");
        return new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET)
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)), settings);
    }

    private static double metric(SwitchboardHarness sb, String name, String queue, String... labels) {
        return QueueTallyTest.value(sb.text("/metrics"), name, queue, labels);
    }

    @Test
    void answeredCallsRoutedByAppQueueCountInTheirServiceQueue() throws Exception {
        SimConfig.Agents quick = SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(400))
                .withTalk(Duration.ofMillis(600), Duration.ofMillis(900)).withMissedShare(0);
        Map<String, String> database = Map.of("VAXEL_DB_URL", "jdbc:h2:mem:metrics-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        java.time.ZoneId zone = se.vaxel.routing.ContactCentre.load(null).zone();
        java.time.LocalDate day = java.time.LocalDate.now(zone);
        try (PbxSimulator pbx = pbx(quick)) {
            try (SwitchboardHarness sb = switchboard(pbx, database)) {
                await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
                for (int i = 1; i <= 3; i++) {
                    pbx.placeCitizenCall("+4670111000" + i, '1', Duration.ofSeconds(60));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 3 && sb.live().isEmpty());
                await().atMost(Duration.ofSeconds(5)).until(() -> metric(sb, "vaxel_talk_seconds_count", "social-services") == 3);
                String q = "social-services";
                assertEquals(3, metric(sb, "vaxel_calls_offered_total", q));
                assertEquals(3, metric(sb, "vaxel_calls_answered_total", q));
                assertEquals(3, metric(sb, "vaxel_calls_answered_within_target_total", q), "a second's wait is on target");
                assertEquals(3, metric(sb, "vaxel_calls_fallback_total", q), "observe mode: app_queue took each");
                assertEquals(0, metric(sb, "vaxel_calls_abandoned_total", q));
                assertEquals(3, metric(sb, "vaxel_wait_seconds_count", q, "outcome=\"answered\""));
                double waits = sb.finished().stream().mapToDouble(c -> c.getDouble("waitSeconds")).sum();
                assertEquals(waits, metric(sb, "vaxel_wait_seconds_sum", q, "outcome=\"answered\""), 0.01,
                        "the same waits as the finished calls show");
                assertEquals(0, metric(sb, "vaxel_calls_offered_total", "schools"));
                assertEquals(0, metric(sb, "vaxel_queue_waiting_calls", q));
                assertEquals(3, sb.verticle().queueTally().today().get(q).answered());
            }
            // Restarted on the same database: today's counts start from what the case register says, not from zero.
            try (SwitchboardHarness again = switchboard(pbx, database)) {
                org.junit.jupiter.api.Assumptions.assumeTrue(day.equals(java.time.LocalDate.now(zone)), "ran across local midnight");
                await().atMost(Duration.ofSeconds(10)).until(() -> again.verticle().queueTally().today().containsKey("social-services"));
                QueueCounts today = again.verticle().queueTally().today().get("social-services");
                assertEquals(3, today.offered(), today.toString());
                assertEquals(3, today.answeredWithinTarget(), today.toString());
                assertEquals(0, metric(again, "vaxel_calls_answered_total", "social-services"), "Prometheus counters start again from zero");
            }
        }
    }

    @Test
    void abandonedCallsAndShortAbandonsAreApartAndWaitingCitizensShowNow() throws Exception {
        SimConfig.Agents nobody = SimConfig.Agents.defaults().withMissedShare(1.0);
        try (PbxSimulator pbx = pbx(nobody); SwitchboardHarness sb = switchboard(pbx)) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            String q = "building-permits";
            pbx.placeCitizenCall("+46701110021", '2', Duration.ofMillis(300));
            pbx.placeCitizenCall("+46701110022", '2', Duration.ofMillis(2500));
            pbx.placeCitizenCall("+46701110023", '2', Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(20)).until(() -> metric(sb, "vaxel_calls_abandoned_total", q) == 2);
            assertEquals(1, metric(sb, "vaxel_calls_abandoned_short_total", q), "the 0.3 s one: within the 1 s set here");
            assertEquals(3, metric(sb, "vaxel_calls_offered_total", q));
            assertEquals(0, metric(sb, "vaxel_calls_answered_total", q));
            await().atMost(Duration.ofSeconds(5)).until(() -> metric(sb, "vaxel_queue_waiting_calls", q) == 1);
            assertTrue(metric(sb, "vaxel_queue_longest_wait_seconds", q) > 0);
            boolean open = se.vaxel.routing.ContactCentre.load(null).service(q).orElseThrow().hours().isOpen(java.time.Instant.now());
            assertEquals(open ? 1 : 0, metric(sb, "vaxel_queue_open", q), "as its opening hours say now (tests run any day)");
            assertEquals(0.8, metric(sb, "vaxel_queue_service_level_target_ratio", q), 1e-9);
            assertTrue(metric(sb, "vaxel_agents", q, "state=\"available\"") + metric(sb, "vaxel_agents", q, "state=\"ringing\"") > 0,
                    sb.text("/metrics"));
        }
    }
}
