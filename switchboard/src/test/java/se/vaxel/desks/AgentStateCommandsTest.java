package se.vaxel.desks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * When the agent's state commands are done and when they are a {@code conflict}, state by state, as PROTOCOL.md's
 * table says: a real switchboard routing the simulator's citizen to the agent (route mode), whose phone rings and
 * talks for three seconds each, long enough to ask in each state.
 */
class AgentStateCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> COMMANDS = List.of("available", "pause", "logout", "endWrapUp");
    private final AtomicInteger ids = new AtomicInteger();

    @Test
    void eachStateCommandIsDoneOrAConflictAsTheProtocolSays() throws Exception {
        SimConfig sim = SimConfig.builder("vaxel", "state-secret").seed(8).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(3000), Duration.ofMillis(3200))
                        .withTalk(Duration.ofMillis(3000), Duration.ofMillis(3200)).withMissedShare(0))
                .build();
        Vertx vertx = Vertx.vertx();
        try (PbxSimulator pbx = PbxSimulator.start(sim);
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "state-secret"),
                        Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false", "VAXEL_WRAP_UP_SECONDS", "60"),
                        Map.of("karin.sjoberg", List.of("agent")));
                DeskProbe d = DeskProbe.connect(vertx, sb.deskUri())) {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> sb.verticle().link().isUp());
            d.hello(sb.login("karin.sjoberg"));
            assertEquals("logged_out", d.next("welcome", WAIT).getJsonObject("agent").getString("state"));

            // Logged out: available logs in; logout changes nothing; pause and endWrapUp are conflicts.
            conflicts(d, "logged out", "pause", "endWrapUp");
            assertEquals("ok", ask(d, "logout").getString("type"));
            assertEquals("ok", ask(d, "available").getString("type"));
            assertEquals("available", d.next("agentState", WAIT).getString("state"), "logout changed nothing: the next state is available's");

            // Available: available changes nothing; pause pauses, and pauses again with another reason; endWrapUp conflicts.
            assertEquals("ok", ask(d, "available").getString("type"));
            conflicts(d, "available", "endWrapUp");
            assertEquals("ok", ask(d, "pause").getString("type"));
            assertEquals("paused", d.next("agentState", WAIT).getString("state"), "available changed nothing");
            assertEquals("ok", d.ask(command("pause").put("reason", "meeting")).getString("type"));
            assertEquals("meeting", d.next("agentState", WAIT).getString("reason"));

            // Paused: available ends the pause; endWrapUp conflicts.
            conflicts(d, "paused", "endWrapUp");
            assertEquals("ok", ask(d, "available").getString("type"));
            assertEquals("available", d.next("agentState", WAIT).getString("state"));

            // Ringing and on a call: every state command is a conflict.
            pbx.placeCitizenCall("+46731230009", '3', Duration.ofSeconds(60));
            state(d, "ringing");
            conflicts(d, "ringing", COMMANDS.toArray(String[]::new));
            state(d, "on_call");
            conflicts(d, "on call", COMMANDS.toArray(String[]::new));

            // Wrap-up: available conflicts; pause ends it with a pause.
            state(d, "wrap_up");
            conflicts(d, "wrap up", "available");
            assertEquals("ok", ask(d, "pause").getString("type"));
            assertEquals("paused", state(d, "paused").getString("state"));
            assertEquals("ok", ask(d, "logout").getString("type"));
            state(d, "logged_out");
        } finally {
            vertx.close();
        }
    }

    private void conflicts(DeskProbe d, String state, String... commands) {
        for (String type : commands) {
            JsonObject answer = ask(d, type);
            assertEquals("conflict", answer.getString("code"), type + " when " + state + ": " + answer.encode());
            assertTrue(answer.getString("message").startsWith("cannot "), "says why: " + answer.encode());
        }
    }

    private JsonObject ask(DeskProbe d, String type) {
        JsonObject c = command(type);
        return d.ask("pause".equals(type) ? c.put("reason", "lunch") : c);
    }

    private JsonObject command(String type) {
        return new JsonObject().put("type", type).put("id", type + "-" + ids.incrementAndGet());
    }

    private static JsonObject state(DeskProbe d, String state) {
        return d.next(m -> "agentState".equals(m.getString("type")) && state.equals(m.getString("state")), WAIT, state);
    }
}
