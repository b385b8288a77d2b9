package se.vaxel.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;

/**
 * The agent desk in a real headless Chromium against {@link DeskSocketStub}, the switchboard's side of
 * PROTOCOL.md played by the test for what the real one ({@link DeskStoryBrowserTest}) does not reach easily: with
 * the keyboard only, the agent logs in, the desk says hello with the token, the state controls send available,
 * pause with its reason, endWrapUp and logout; a screen pop is shown and announced (an identified citizen with
 * history, then a protected identity shown as such only); the case form and the transfer go over the socket, and
 * over HTTP while the socket is away; a reconnect resumes from the last seq, shows what it missed and keeps what
 * the agent typed; a state that changes as the agent presses a button is explained in words; commands cut off by
 * a drop are settled by what the switchboard says of them, never sent twice; an expired log-in goes back to the
 * log-in page. axe-core finds no WCAG 2.1 A/AA violation in any of these states.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentDeskBrowserTest {

    private Browser browser;
    private DeskSocketStub stub;

    @BeforeAll
    void start() throws Exception {
        Browser.assumeInstalled();
        browser = Browser.start();
    }

    /** A switchboard of its own for each test (on its own port: its own origin, so its own sessionStorage). */
    @BeforeEach
    void stub() throws Exception {
        stub = new DeskSocketStub();
    }

    @AfterEach
    void stopStub() throws Exception {
        stub.close();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private void logIn() {
        browser.open("http://127.0.0.1:" + stub.port() + "/desk/");
        browser.type("#user", "karin");
        browser.type("#password", "whatever the stub takes");
        browser.press("button[type=submit]", Keys.ENTER);
        browser.until("the agent desk", () -> browser.driver().getCurrentUrl().endsWith("/desk/agent.html"));
    }

    @Test
    void anAgentWorksACallFromTheScreenPopWithTheKeyboardOnly() throws Exception {
        logIn();

        JsonObject hello = stub.next("hello");
        assertEquals(DeskSocketStub.TOKEN, hello.getString("token"), "the token goes in hello, never in the URL");
        assertNull(hello.getValue("resume"), "a first connection resumes nothing");
        browser.until("the state from welcome", () -> browser.text("#state").equals("Utloggad från köerna"));
        assertEquals("Ansluten till växeln", browser.text("#connection"));
        assertTrue(browser.find("#case").getAttribute("hidden") != null, "no case form without a call");
        browser.assertAccessible("the agent desk, logged out of the queues");

        // State controls: each a message of the protocol, the state shown as the switchboard reports it.
        browser.press("#available", Keys.ENTER);
        stub.next("available");
        browser.until("available", () -> browser.text("#state").equals("Redo för samtal"));
        browser.choose("#pause-reason", "Utbildning");
        browser.press("#pause", Keys.ENTER);
        assertEquals("training", stub.next("pause").getString("reason"));
        browser.until("paused", () -> browser.text("#state").equals("Paus (Utbildning)"));
        browser.assertAccessible("the agent desk, paused");
        browser.press("#available", Keys.ENTER);
        stub.next("available");
        browser.until("available again", () -> browser.text("#state").equals("Redo för samtal"));

        // The phone rings: the pop is shown and announced.
        stub.send(pop("call-1", "case-1", new JsonObject().put("id", "c-1").put("name", "Anna Andersson")
                .put("personalIdentityNumber", "19800101-0000").put("address", "Storgatan 1")));
        browser.until("the pop announced", () -> browser.text("#pop-announcer")
                .equals("Nytt samtal från Anna Andersson. Tjänst: Bygglov. Väntat 1 min 15 s."));
        assertEquals("assertive", browser.find("#pop-announcer").getAttribute("aria-live"));
        String facts = browser.text("#pop-facts");
        for (String expected : new String[] {"+46701740611", "Anna Andersson", "19800101-0000", "Bygglov", "1 min 15 s", "Ringer"}) {
            assertTrue(facts.contains(expected), expected + " in " + facts);
        }
        assertTrue(browser.text("#earlier").contains("Löst vid första kontakten"), browser.text("#earlier"));
        assertEquals("1 av 3 tidigare kontakter visas, de senaste först.", browser.text("#earlier-more"));
        assertTrue(browser.text("#open-matters").contains("Gata och park") && browser.text("#open-matters").contains("Försenat"),
                browser.text("#open-matters"));
        stub.send(callUpdate("call-1", "answered"));
        browser.until("answered", () -> browser.text("#pop-facts").contains("Besvarat"));
        browser.assertAccessible("the agent desk with a screen pop");

        // The case form, over the socket.
        browser.type("#category", "Fråga");
        browser.type("#notes", "Asked about a garage");
        browser.choose("#resolution", "Löst vid första kontakten");
        browser.press("#save-case", Keys.ENTER);
        JsonObject update = stub.next("updateCase");
        assertEquals("case-1", update.getString("caseId"));
        assertEquals("Fråga", update.getString("category"));
        assertEquals("Asked about a garage", update.getString("notes"));
        assertEquals("resolved_first_contact", update.getString("resolution"));
        browser.until("saved", () -> browser.text("#case-message").equals("Ärendet är sparat."));

        // Transfer to a department: both fields are required, said in words, the focus on the missing one.
        browser.press("#transfer", Keys.ENTER);
        browser.until("department required", () -> browser.text("#transfer-message").contains("Välj avdelningen"));
        assertEquals("department", browser.focused().getAttribute("id"));
        browser.choose("#department", "Bygglov");
        browser.type("#summary", "Wants to know whether the garage needs a permit");
        browser.press("#transfer", Keys.ENTER);
        JsonObject transfer = stub.next("transfer");
        assertEquals(new JsonObject().put("caseId", "case-1").put("department", "building-permits")
                .put("summary", "Wants to know whether the garage needs a permit"),
                transfer.copy().put("type", null).put("id", null).stream().filter(e -> e.getValue() != null)
                        .collect(JsonObject::new, (o, e) -> o.put(e.getKey(), e.getValue()), JsonObject::mergeIn));
        browser.until("transferred", () -> browser.text("#transfer-message").equals("Överlämnat till Bygglov."));
        assertEquals("transferred_to_back_office", browser.js("return document.querySelector('#resolution').value"));
        browser.assertAccessible("the agent desk after a transfer");

        // Wrap-up: the switchboard says so, the agent ends it.
        stub.send(callUpdate("call-1", "ended"));
        stub.send(agentState("wrap_up", null));
        browser.until("wrap-up", () -> browser.text("#state").equals("Efterarbete"));
        browser.press("#end-wrap-up", Keys.ENTER);
        stub.next("endWrapUp");
        browser.until("available after wrap-up", () -> browser.text("#state").equals("Redo för samtal"));

        // A protected identity: said so, and nothing else of them.
        stub.send(agentState("ringing", "call-2"));
        // Its number withheld and its wait not known: fields the switchboard sends as null.
        stub.send(pop("call-2", "case-2", new JsonObject().put("id", "c-2").put("protectedIdentity", true))
                .putNull("callerNumber").putNull("waitedSeconds"));
        browser.until("the protected pop announced", () -> browser.text("#pop-announcer")
                .equals("Nytt samtal från skyddad identitet. Tjänst: Bygglov."));
        String hidden = browser.text("#pop-facts");
        assertTrue(hidden.contains("Skyddad identitet") && hidden.contains("Dolt nummer"), hidden);
        assertFalse(hidden.contains("c-2"), hidden);
        browser.assertAccessible("the agent desk with a protected identity's pop");

        // The socket goes away: the case form falls back on PATCH /api/cases/{id} with the token.
        stub.dropSocket(true);
        browser.until("the desk sees it", () -> browser.text("#connection").contains("Ingen anslutning"));
        assertTrue(browser.find("#available").getAttribute("disabled") != null, "no state controls without the socket");
        browser.type("#notes", "Called from a protected number");
        browser.press("#save-case", Keys.ENTER);
        JsonObject patch = stub.http.poll(5, TimeUnit.SECONDS);
        assertEquals("PATCH /api/cases/case-2", patch.getString("call"), String.valueOf(patch));
        assertEquals("Called from a protected number", patch.getJsonObject("body").getString("notes"));
        assertEquals("Bearer " + DeskSocketStub.TOKEN, patch.getString("authorization"));
        browser.until("saved over HTTP", () -> browser.text("#case-message").equals("Ärendet är sparat."));
        browser.assertAccessible("the agent desk without its socket");

        // Meanwhile she answers; back again, hello resumes from the last seq seen: what was missed comes first, then
        // the welcome with the pop in progress, shown once, and what she typed is still there.
        long last = stub.seq();
        stub.send(callUpdate("call-2", "answered"));
        stub.send(agentState("on_call", "call-2"));
        stub.received.clear();
        stub.acceptSockets();
        JsonObject again = nextHello();
        assertEquals(last, again.getLong("resume"));
        browser.until("connected again", () -> browser.text("#connection").equals("Ansluten till växeln"));
        browser.until("the answer missed", () -> browser.text("#pop-facts").contains("Besvarat"));
        assertEquals("I samtal", browser.text("#state"));
        assertEquals("Called from a protected number", browser.js("return document.querySelector('#notes').value"),
                "the welcome's pop of the same call leaves the form as typed");
        assertTrue(browser.text("#pop-announcer").contains("skyddad identitet"), "not announced again");

        // The call ends; wrap-up runs out just as she ends it: refused as a conflict, and said why in words.
        stub.send(callUpdate("call-2", "ended"));
        stub.send(agentState("wrap_up", null));
        browser.until("wrap-up again", () -> browser.text("#state").equals("Efterarbete"));
        stub.changeStateAsTheDeskAsks("available");
        browser.press("#end-wrap-up", Keys.ENTER);
        stub.next("endWrapUp");
        browser.until("the conflict in words", () -> browser.text("#state-message")
                .equals("Det gick inte att avsluta efterarbetet eftersom du är redo för samtal."));
        assertEquals("Redo för samtal", browser.text("#state"));
        browser.assertAccessible("the agent desk after a refused command");

        // Log out of the queues, then of the session.
        browser.press("#leave-queues", Keys.ENTER);
        stub.next("logout");
        browser.until("logged out of the queues", () -> browser.text("#state").equals("Utloggad från köerna"));
        browser.press("#logout", Keys.ENTER);
        browser.until("the log-in page", () -> browser.text("#reason").contains("Du är utloggad"));
        assertNull(browser.js("return sessionStorage.getItem('vaxel.session')"));
    }

    /**
     * Commands cut off by a drop: the desk keeps each pending (never sends it again), names it in the next hello, and
     * shows what the switchboard says of it: done (its ok replayed), never received, or, from a switchboard that has no
     * record of it, done if the welcome's state shows it.
     */
    @Test
    void aCommandCutOffByADropIsSettledByWhatTheSwitchboardSaysOfIt() throws Exception {
        logIn();
        browser.until("the state from welcome", () -> browser.text("#state").equals("Utloggad från köerna"));
        browser.press("#available", Keys.ENTER);
        browser.until("available", () -> browser.text("#state").equals("Redo för samtal"));

        // Pausa is carried out, and the connection drops before the desk reads the ok: done, not "no connection".
        stub.dropAtNextCommand(new DeskSocketStub.Drop(true, false));
        browser.choose("#pause-reason", "Lunch");
        browser.press("#pause", Keys.ENTER);
        String pauseId = stub.next("pause").getString("id");
        JsonObject hello = stub.next("hello");
        assertEquals(new JsonArray().add(pauseId), hello.getJsonArray("pending"), hello.encode());
        browser.until("the pause's ok after the resume", () -> browser.text("#state-message").equals("Paus: Lunch."));
        assertEquals("Paus (Lunch)", browser.text("#state"));

        // Redo för samtal never reaches the switchboard: said so, so she can press again.
        stub.dropAtNextCommand(new DeskSocketStub.Drop(false, false));
        browser.press("#available", Keys.ENTER);
        String lostId = stub.next("available").getString("id");
        assertEquals(new JsonArray().add(lostId), stub.next("hello").getJsonArray("pending"));
        browser.until("not received", () -> browser.text("#state-message")
                .equals("Växeln fick det aldrig innan anslutningen bröts, så det är inte gjort. Försök igen."));
        assertEquals("Paus (Lunch)", browser.text("#state"));
        browser.assertAccessible("the agent desk after a command lost in a drop");

        // Pressed again, carried out, and the desk comes back to a switchboard that never had it: the welcome shows it done.
        stub.dropAtNextCommand(new DeskSocketStub.Drop(true, true));
        browser.press("#available", Keys.ENTER);
        stub.next("available");
        stub.next("hello");
        browser.until("done, from the welcome's state", () -> browser.text("#state-message").equals("Du är redo för samtal."));
        assertEquals("Redo för samtal", browser.text("#state"));
        assertTrue(stub.received.stream().noneMatch(m -> "pause".equals(m.getString("type")) || "available".equals(m.getString("type"))),
                "nothing sent twice: " + stub.received);
    }

    @Test
    void theDeskGoesBackToLogInWhenItsSessionExpires() throws Exception {
        logIn();
        browser.until("the state from welcome", () -> browser.text("#state").equals("Utloggad från köerna"));
        stub.endSession("expired");
        browser.until("the log-in page", () -> browser.driver().getCurrentUrl().contains("/desk/?reason=expired"));
        browser.until("said why", () -> browser.text("#reason").equals("Inloggningen har gått ut. Logga in igen."));
        assertNull(browser.js("return sessionStorage.getItem('vaxel.session')"), "the dead token forgotten");
        browser.assertAccessible("the log-in page after the session expired");
    }

    /** The desk retries with a growing pause; a few seconds at most here. */
    private JsonObject nextHello() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            JsonObject m = stub.received.poll(200, TimeUnit.MILLISECONDS);
            if (m != null && "hello".equals(m.getString("type"))) {
                return m;
            }
        }
        throw new AssertionError("the desk did not connect again");
    }

    private static JsonObject agentState(String state, String callId) {
        return DeskSocketStub.state(state, null).put("callId", callId).put("type", "agentState");
    }

    private static JsonObject callUpdate(String callId, String state) {
        return new JsonObject().put("type", "callUpdate").put("callId", callId).put("state", state).put("at", Instant.now().toString());
    }

    private static JsonObject pop(String callId, String caseId, JsonObject citizen) {
        return new JsonObject().put("type", "pop").put("callId", callId)
                .put("case", new JsonObject().put("id", caseId).put("callerNumber", "+46701740611").put("service", "building-permits")
                        .put("outcome", "open"))
                .put("callerNumber", "+46701740611").put("citizen", citizen)
                .put("service", new JsonObject().put("id", "building-permits").put("name", "Bygglov"))
                .put("waitedSeconds", 75).put("ringingSince", Instant.now().toString())
                .put("history", new JsonObject()
                        .put("earlierCases", new JsonArray().add(new JsonObject().put("id", "case-0").put("arrivedAt", "2026-11-20T09:15:00Z")
                                .put("service", "building-permits").put("outcome", "answered").put("resolution", "resolved_first_contact")))
                        .put("earlierTotal", 3)
                        .put("openMatters", new JsonArray().add(new JsonObject().put("id", "case-00").put("department", "streets-and-parks")
                                .put("status", "open").put("deadline", "2026-11-21T15:30:00Z").put("overdue", true)
                                .put("summary", "A street lamp is out"))));
    }
}
