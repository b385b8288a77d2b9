package se.vaxel.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The wallboard in a real headless Chromium against a running switchboard routing the PBX simulator (route mode,
 * no agent logged in, so citizens wait): a supervisor logs in with the keyboard and lands on the wallboard; a
 * citizen calls schools and waits, and the tile shows her; another gives up, the service level falls below target
 * and the page says so in words and announces it once; the charts' table opens from the keyboard; a wallboard
 * account lands there too. axe-core finds no WCAG 2.1 A/AA violation at each state, and no sideways scrolling at
 * 200% zoom.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallboardBrowserTest {

    private static final String SECRET = "wallboard-secret";
    private static final String SCHOOLS = "#q-schools-waiting";

    private Browser browser;
    private PbxSimulator pbx;
    private SwitchboardHarness sb;
    private String base;

    @BeforeAll
    void start() throws Exception {
        Browser.assumeInstalled();
        pbx = PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(3).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none()).build());
        sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false", "VAXEL_OPENING_HOURS", "ignore"));
        await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
        base = "http://127.0.0.1:" + sb.verticle().httpPort();
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser, sb, pbx}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private void logIn(String user) {
        browser.open(base + "/desk/");
        browser.type("#user", user);
        browser.type("#password", sb.password(user));
        browser.press("button[type=submit]", Keys.ENTER);
        browser.until("the wallboard", () -> browser.driver().getCurrentUrl().endsWith("/desk/wallboard.html"));
        browser.until("connected", () -> browser.text("#connection").startsWith("Ansluten till växeln"));
    }

    @Test
    void aSupervisorWatchesACitizenWaitAndTheServiceLevelFallBelowTarget() {
        logIn("supervisor");
        browser.until("the schools tile", () -> browser.text(SCHOOLS).equals("0"));
        assertEquals(5, browser.driver().findElements(By.cssSelector("article.tile")).size(), "a tile per service");
        assertEquals("Inget värde ännu", browser.text("#q-schools-verdict"), "no call yet: no figure, not 0 % or 100 %");
        browser.until("the day's charts", () -> browser.driver().findElements(By.cssSelector("#waiting-charts svg")).size() == 5);
        browser.until("the earlier days read (none yet: a new database)", () -> browser.text("#history-message")
                .equals("Inga tidigare dagar att visa ännu."));
        browser.assertAccessible("the wallboard, quiet");

        pbx.placeCitizenCall("+46701740611", '3', Duration.ofSeconds(60));
        browser.until("her wait on the tile", () -> browser.text(SCHOOLS).equals("1"));
        browser.until("her wait growing", () -> !browser.text("#q-schools-longest").equals("0 s"));
        assertTrue(browser.text("#alerts").isEmpty() || !browser.find("#alerts").isDisplayed(), "nothing below target yet");
        browser.assertAccessible("the wallboard, a citizen waiting");

        pbx.placeCitizenCall("+46701740612", '3', Duration.ofMillis(7000)); // gives up after 7 s: no misdial
        browser.until("two waiting", () -> browser.text(SCHOOLS).equals("2"));
        browser.until("one gave up", () -> browser.text(SCHOOLS).equals("1"));
        browser.until("below target, in words", () -> browser.text("#q-schools-verdict").equals("▼ Under målet"));
        assertEquals("0 %", browser.text("#q-schools-level").replace('\u00a0', ' '));
        assertTrue(browser.text("#alert-list").contains("Förskola och skola"), browser.text("#alert-list"));
        browser.until("announced", () -> browser.find("#alert-announcer").getAttribute("textContent")
                .startsWith("Servicenivån för Förskola och skola är under målet"));
        browser.assertAccessible("the wallboard, schools below target");

        // The chart's text alternative opens from the keyboard, and the page stays as it was while figures move.
        browser.press("#waiting-table-summary", Keys.ENTER);
        browser.until("the table open", () -> browser.find("#waiting-table").isDisplayed());
        assertTrue(browser.text("#waiting-table").contains("Förskola och skola"), browser.text("#waiting-table"));
        browser.assertAccessible("the wallboard, the waiting table open");
        assertEquals("waiting-table-summary", browser.focused().getAttribute("id"), "the focus stays where it was");

        browser.press("#logout", Keys.ENTER);
        browser.until("logged out", () -> browser.driver().getCurrentUrl().contains("reason=logout"));
        logIn("wallboard");
        browser.until("the schools tile for the wall screen's account", () -> browser.text(SCHOOLS).equals("1"));
    }
}
