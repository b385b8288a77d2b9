package se.vaxel.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.backoffice.Matter;
import se.vaxel.cases.SyntheticCalls;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The log-in page and the handling officer's desk in a real headless Chromium against a running switchboard
 * (with the PBX simulator), with the keyboard only: the officer logs in, sees her departments' matters (the
 * overdue one flagged), claims one, calls the citizen back and closes it with feedback. axe-core finds no WCAG
 * 2.1 A/AA violation on any page or state along the way, and no page scrolls sideways at 200% zoom.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficerDeskBrowserTest {

    private static final String SECRET = "desk-secret";

    private Browser browser;
    private PbxSimulator pbx;
    private SwitchboardHarness sb;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        Path office = dir.resolve("back-office.json");
        Files.writeString(office, """
                {"departments": [{"id": "building-permits", "name": "Bygglov", "feedbackWorkingDays": 2},
                                 {"id": "streets-and-parks", "name": "Gata och park"},
                                 {"id": "social-services", "name": "Socialtjänsten"}],
                 "officers": [{"id": "officer-sara", "departments": ["building-permits", "streets-and-parks"], "device": "PJSIP/2003"},
                              {"id": "officer-omar", "departments": ["social-services"], "device": "PJSIP/2004"}]}
                """);
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(5).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(300))
                        .withTalk(Duration.ofMillis(300), Duration.ofMillis(400)).withMissedShare(0))
                .build();
        pbx = PbxSimulator.start(sim);
        sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                Map.of("VAXEL_BACK_OFFICE_FILE", office.toString()));
        await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
        base = "http://127.0.0.1:" + sb.verticle().httpPort();
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (sb != null) {
            sb.close();
        }
        if (pbx != null) {
            pbx.close();
        }
    }

    @BeforeEach
    void loggedOut() {
        browser.open(base + "/desk/");
        browser.js("sessionStorage.clear()");
        browser.open(base + "/desk/");
    }

    @Test
    void theLogInPageTellsAWrongPasswordAndLeadsAnOfficerToHerDesk() {
        browser.until("the log-in form", () -> browser.find("#user").isDisplayed());
        assertEquals("sv", browser.find("html").getAttribute("lang"));
        browser.assertAccessible("the log-in page");

        browser.type("#user", "officer-sara");
        browser.type("#password", "not her password");
        browser.press("button[type=submit]", Keys.ENTER);
        browser.until("the refusal", () -> browser.text("#error").contains("Fel användarnamn eller lösenord"));
        assertEquals("alert", browser.find("#error").getAttribute("role"));
        assertEquals("password", browser.focused().getAttribute("id"), "the focus goes back to the password");
        browser.assertAccessible("the log-in page with its error");

        logIn("officer-sara");
        browser.until("the officer desk", () -> browser.driver().getCurrentUrl().endsWith("/desk/officer.html"));
        browser.until("her name", () -> browser.text("#who").contains("officer-sara"));
    }

    @Test
    void anOfficerClaimsCallsBackAndClosesAMatterWithTheKeyboardOnly() throws Exception {
        String agent = sb.login("supervisor"); // transfers cases that no test agent's phone handled
        String supervisor = sb.login("supervisor");
        String garage = matter(agent, 1, "building-permits", "Asks whether her garage needs a building permit");
        String lamp = matter(agent, 2, "streets-and-parks", "A street lamp on Storgatan is out");
        matter(agent, 3, "social-services", "Not Sara's department");
        makeOverdue(lamp);

        logIn("officer-sara");
        browser.until("the officer desk", () -> browser.driver().getCurrentUrl().endsWith("/desk/officer.html"));
        browser.until("her two matters", () -> browser.driver().findElements(org.openqa.selenium.By.cssSelector("#matters li")).size() == 2);
        String list = browser.text("#matters");
        assertTrue(list.contains("Asks whether her garage needs a building permit") && list.contains("Bygglov"), list);
        assertFalse(list.contains("Not Sara's department"), list);
        assertEquals("Försenad", browser.text("#meta-" + lamp + " .flag"), "the overdue matter is flagged in words");
        assertTrue(browser.driver().findElements(org.openqa.selenium.By.cssSelector("#meta-" + garage + " .flag")).isEmpty());
        assertEquals("2 ärenden, 1 försenat.", browser.text("#list-message"));
        browser.assertAccessible("the officer's list of matters");

        // Open the garage matter from the list and claim it.
        browser.press("button[aria-describedby='meta-" + garage + "']", Keys.ENTER);
        browser.until("the matter", () -> browser.text("#matter-heading").contains("garage"));
        assertEquals("matter-heading", browser.focused().getAttribute("id"), "the focus moves to the matter opened");
        browser.assertAccessible("an open matter");
        browser.press("#claim", Keys.ENTER);
        browser.until("claimed", () -> browser.text("#matter-message").contains("Du har tagit ärendet"));
        assertEquals("officer-sara", sb.get("/api/matters/" + garage, supervisor).getString("officer"));
        assertEquals("call-back", browser.focused().getAttribute("id"), "calling back is next");
        browser.until("her claimed matter still listed", () -> browser.text("#meta-" + garage).startsWith("Tagen"));

        // Call the citizen back: her phone first, then the citizen's.
        browser.press("#call-back", Keys.ENTER);
        browser.until("calling back", () -> browser.text("#matter-message").contains("Din telefon ringer"));
        await().atMost(Duration.ofSeconds(20)).until(() -> pbx.callsToCitizens().stream().anyMatch(c -> c.number().equals(number(1))));
        browser.assertAccessible("a claimed matter");

        // Close it with the feedback she gave.
        browser.press("#close", Keys.ENTER);
        browser.until("feedback is required", () -> browser.text("#matter-message").contains("Skriv återkopplingen"));
        assertEquals("feedback", browser.focused().getAttribute("id"));
        browser.type("#feedback", "A permit is needed; the form was sent by e-mail.");
        browser.press("#close", Keys.ENTER);
        browser.until("closed", () -> browser.text("#matter-message").contains("Ärendet är stängt"));
        JsonObject closed = sb.get("/api/matters/" + garage, supervisor);
        assertEquals("closed", closed.getString("status"));
        assertEquals("A permit is needed; the form was sent by e-mail.", closed.getString("feedback"));
        browser.until("the list without it", () -> !browser.text("#matters").contains("garage"));
        browser.assertAccessible("a closed matter");

        // Log out with the keyboard: the session ends on the server too.
        String token = (String) browser.js("return JSON.parse(sessionStorage.getItem('vaxel.session')).token");
        browser.press("#logout", Keys.ENTER);
        browser.until("the log-in page", () -> browser.text("#reason").contains("Du är utloggad"));
        assertEquals(401, sb.get("/api/session", token).getInteger("_status"));
    }

    private void logIn(String user) {
        browser.type("#user", user);
        browser.type("#password", sb.password(user));
        browser.press("button[type=submit]", Keys.ENTER);
    }

    private static String number(int n) {
        return String.format("+4670%07d", n);
    }

    /** A finished call's case (written to the register as the recorder would), transferred over HTTP. */
    private String matter(String agent, int n, String department, String summary) throws Exception {
        String id = "case-" + n + "-" + System.nanoTime();
        SyntheticCalls.write(sb.verticle().caseRegister(), id, n, Instant.now().minusSeconds(600), c -> {})
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        JsonObject m = sb.request("POST", "/api/matters",
                new JsonObject().put("caseId", id).put("department", department).put("summary", summary).encode(), agent);
        assertEquals(201, m.getInteger("_status"), m.encode());
        return id;
    }

    /** The matter as if transferred three days ago and not answered by its deadline yesterday. */
    private void makeOverdue(String id) {
        com.hazelcast.map.IMap<String, Matter> matters = sb.verticle().caseRegister().hazelcast().getMap("matters");
        Matter m = matters.get(id);
        Instant now = Instant.now();
        matters.set(id, new Matter(m.id(), m.department(), m.summary(), m.callerNumber(), m.citizenId(), m.service(), m.status(),
                m.transferredBy(), now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), m.officer(), m.feedback(),
                m.closedAt(), m.timeline(), now, m.protectedIdentity()));
    }
}
