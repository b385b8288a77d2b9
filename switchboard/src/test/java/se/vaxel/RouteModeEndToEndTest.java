package se.vaxel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.AmiLink;
import se.vaxel.ami.AmiResponse;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * Route mode through the shipped dialplan: a citizen parked in [vaxel-hold] is connected by the Setvar +
 * Redirect that Växel's routing will send (done by hand here, until the routing issue), a missed ring puts
 * the citizen back on hold, and the switchboard follows every step.
 */
class RouteModeEndToEndTest {

    private static final String SECRET = "route-secret";

    @Test
    void aParkedCitizenIsRedirectedToAnAgentWhoMissesThenToOneWhoAnswers() throws Exception {
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(3).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(300))
                        .withTalk(Duration.ofMillis(500), Duration.ofMillis(700)).withMissedShare(0).withNeverAnswer(Set.of("1002")))
                .build();
        try (PbxSimulator pbx = PbxSimulator.start(sim);
                // No agent logged in: Växel routes nothing itself, the test connects by hand.
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                        java.util.Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false"))) {
            AmiLink link = sb.verticle().link();
            await().atMost(Duration.ofSeconds(10)).until(link::isUp);
            String callId = pbx.placeCitizenCall("+46731230001", '2', Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(20)).until(() -> sb.live().stream()
                    .anyMatch(c -> c.getString("id").equals(callId) && "waiting".equals(c.getString("state"))));
            assertEquals("building-permits", sb.live().get(0).getString("service"));
            String channel = parkedChannel(link, callId);

            connect(link, channel, "1002");
            await().atMost(Duration.ofSeconds(10)).until(() -> "ringing".equals(sb.live().get(0).getString("state")));
            // 1002 never answers: after the 2 s ring timeout the dialplan puts the citizen back on hold.
            await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(sb.live().get(0).getString("state")));

            connect(link, parkedChannel(link, callId), "1001");
            await().atMost(Duration.ofSeconds(20)).until(() -> sb.finished().size() == 1);

            JsonObject done = sb.finished().get(0);
            assertEquals("answered", done.getString("outcome"));
            assertEquals("PJSIP/1001", done.getString("agent"));
            assertEquals(new JsonArray().add("PJSIP/1002").add("PJSIP/1001"), done.getJsonArray("offeredTo"));
            assertEquals("+46731230001", done.getString("callerNumber"));
        }
    }

    @Test
    void parkedCitizensChannelsAreToldTheirPlaceInTheQueue() throws Exception {
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(4).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withMissedShare(1.0)).build();
        try (PbxSimulator pbx = PbxSimulator.start(sim);
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                        java.util.Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false"))) {
            AmiLink link = sb.verticle().link();
            await().atMost(Duration.ofSeconds(10)).until(link::isUp);
            String first = pbx.placeCitizenCall("+46731230011", '4', Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.live().stream().anyMatch(c -> "waiting".equals(c.getString("state"))));
            String second = pbx.placeCitizenCall("+46731230012", '4', Duration.ofSeconds(60));
            String secondChannel = parkedChannel(link, second);

            await().atMost(Duration.ofSeconds(15)).until(() -> "2".equals(getvar(link, secondChannel, "VAXEL_POSITION")));
            assertEquals("", getvar(link, secondChannel, "VAXEL_EWT"), "no estimate while nobody staffs elder care");
            assertEquals("1", getvar(link, parkedChannel(link, first), "VAXEL_POSITION"));
        }
    }

    private static String getvar(AmiLink link, String channel, String variable) throws Exception {
        AmiResponse r = link.send(AmiMessage.action("Getvar").add("Channel", channel).add("Variable", variable).build())
                .await(5, TimeUnit.SECONDS);
        return r.isSuccess() ? r.get("Value") : null;
    }

    /** The citizen's channel waiting in [vaxel-hold], from Asterisk's own channel list. */
    private static String parkedChannel(AmiLink link, String callId) throws Exception {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            AmiResponse list = link.send(AmiMessage.action("CoreShowChannels").build()).await(5, TimeUnit.SECONDS);
            return list.items().stream()
                    .filter(ch -> callId.equals(ch.get("Linkedid")) && "vaxel-hold".equals(ch.get("Context")))
                    .map(ch -> ch.get("Channel")).findFirst().orElse(null);
        }, java.util.Objects::nonNull);
    }

    private static void connect(AmiLink link, String channel, String extension) throws Exception {
        AmiResponse setvar = link.send(AmiMessage.action("Setvar").add("Channel", channel)
                .add("Variable", "VAXEL_RING_TIMEOUT").add("Value", "2").build()).await(5, TimeUnit.SECONDS);
        assertEquals(true, setvar.isSuccess(), setvar.message());
        AmiResponse redirect = link.send(AmiMessage.action("Redirect").add("Channel", channel)
                .add("Context", "vaxel-connect").add("Exten", extension).add("Priority", "1").build()).await(5, TimeUnit.SECONDS);
        assertEquals("Redirect successful", redirect.message());
    }
}
