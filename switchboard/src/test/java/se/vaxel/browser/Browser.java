package se.vaxel.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium for a test class, driven through Debian's chromedriver (never a browser or driver
 * downloaded at run time), with the keyboard-only steps and the axe-core check the desk tests share.
 * Without /usr/bin/chromium and /usr/bin/chromedriver the test is skipped, saying how to install them, unless
 * VAXEL_TEST_BROWSER=required (CI: .ci/run), where it fails.
 */
final class Browser implements AutoCloseable {

    /** Debian's, unless -Dvaxel.test.chromium and -Dvaxel.test.chromedriver name another pair. */
    static final Path CHROMIUM = Path.of(System.getProperty("vaxel.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("vaxel.test.chromedriver", "/usr/bin/chromedriver"));
    /** axe-core as agent-client/package-lock.json pins it (npm ci in agent-client). Tests run in switchboard/. */
    static final Path AGENT_CLIENT = Path.of("..", "agent-client").toAbsolutePath().normalize();
    static final Path AXE = AGENT_CLIENT.resolve("node_modules/axe-core/axe.min.js");
    /** The rules of WCAG 2.1 levels A and AA. */
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private final WebDriver driver;
    private final Path profile;
    private static String axeSource;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips (or, when required, fails) the test class without a browser. */
    static void assumeInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM.toString());
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER.toString());
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "no headless browser for the desk tests (missing " + String.join(", ", missing)
                + "); install Debian's chromium and chromium-driver, e.g. with .ci/browser";
        if ("required".equals(System.getenv("VAXEL_TEST_BROWSER"))) {
            fail(why + " (VAXEL_TEST_BROWSER=required)");
        }
        Assumptions.abort(why);
    }

    /** Selenium's warning that it has no CDP classes for this Chromium: these tests use WebDriver only. */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static Browser start() throws IOException {
        assumeInstalled();
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path profile = Files.createTempDirectory("vaxel-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine's closed network refuses Chromium's own background connections: none are made.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=sv-SE");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver, profile);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits (up to 10 s) until the condition holds, saying what it waited for otherwise. */
    <T> T until(String what, Supplier<T> condition) {
        try {
            // A page that re-renders between finding an element and reading it is not a failure: ask again.
            return new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage(what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                T value = condition.get();
                return value instanceof Boolean b && !b ? null : value;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited 10 s for: " + what + " (page " + driver.getCurrentUrl() + ")", e);
        }
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /**
     * Moves the focus with Tab (Shift+Tab when {@code back}) until it is on the element, as a keyboard user does;
     * fails if 60 presses do not reach it (not focusable, or outside the tab order).
     */
    void tabTo(String css) {
        WebElement target = until("element " + css, () -> find(css));
        for (int i = 0; i < 60; i++) {
            if (focused().equals(target)) {
                return;
            }
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        fail("Tab never reached " + css + "; focus is on " + describe(focused()));
    }

    /** Tab to the element, then press the key (Enter on a button or link, Space on a checkbox). */
    void press(String css, CharSequence key) {
        tabTo(css);
        new Actions(driver).sendKeys(key).perform();
    }

    /** Tab to a field and type into it. */
    void type(String css, String text) {
        tabTo(css);
        new Actions(driver).sendKeys(text).perform();
    }

    /** Tab to a select and choose an option by its visible text with the arrow keys. */
    void choose(String css, String optionText) {
        tabTo(css);
        WebElement select = find(css);
        List<WebElement> options = select.findElements(By.tagName("option"));
        int want = -1;
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).getText().equals(optionText)) {
                want = i;
            }
        }
        assertTrue(want >= 0, "no option '" + optionText + "' in " + css);
        int at = ((Long) js("return arguments[0].selectedIndex", select)).intValue();
        Keys key = want > at ? Keys.ARROW_DOWN : Keys.ARROW_UP;
        for (int i = 0; i < Math.abs(want - at); i++) {
            new Actions(driver).sendKeys(key).perform();
        }
        assertEquals(optionText, js("return arguments[0].selectedOptions[0].textContent", select), css);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static String describe(WebElement e) {
        return "<" + e.getTagName() + " id=" + e.getAttribute("id") + " class=" + e.getAttribute("class") + ">";
    }

    /**
     * Runs axe-core on the page as it is now, with WCAG 2.1 A and AA rules; fails listing every violation. The
     * page is also read at 640 CSS px wide (1280 px at 200% zoom): no horizontal scrolling.
     */
    void assertAccessible(String what) {
        screenshot(what);
        js(axe());
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
                        + ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))}))"
                        + ".catch(e => done({error: String(e)}));",
                WCAG_21_AA);
        assertEquals(null, result.get("error"), "axe-core failed on " + what);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) result.get("violations");
        if (!violations.isEmpty()) {
            StringBuilder b = new StringBuilder("WCAG 2.1 AA violations on " + what + ":");
            violations.forEach(v -> b.append("\n  ").append(v.get("id")).append(" (").append(v.get("impact")).append("): ")
                    .append(v.get("help")).append("\n    ").append(String.join("\n    ", ((List<?>) v.get("nodes")).stream().map(String::valueOf).toList())));
            fail(b.toString());
        }
        assertReflowsAt200PercentZoom(what);
    }

    /** With VAXEL_TEST_SCREENSHOTS set to a folder, each state checked is saved there as a PNG, to be looked at. */
    private void screenshot(String what) {
        String folder = System.getenv("VAXEL_TEST_SCREENSHOTS");
        if (folder == null || folder.isBlank()) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of(folder));
            byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(dir.resolve(what.replaceAll("[^A-Za-z0-9]+", "-") + ".png"), png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertReflowsAt200PercentZoom(String what) {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(640 + outerExtraWidth(), before.getHeight()));
            Long inner = (Long) js("return window.innerWidth");
            assertTrue(inner <= 660, "the window did not narrow to 640 CSS px: " + inner);
            Long scroll = (Long) js("return document.documentElement.scrollWidth");
            assertTrue(scroll <= inner, what + " scrolls sideways at 640 CSS px (1280 px at 200% zoom): " + scroll + " > " + inner
                    + "; widest: " + js("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                            + "window.innerWidth).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5).join(', ')"));
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private int outerExtraWidth() {
        return ((Long) js("return window.outerWidth - window.innerWidth")).intValue();
    }

    /** axe.min.js from agent-client/node_modules; npm ci there first when it is missing. */
    private static synchronized String axe() {
        if (axeSource != null) {
            return axeSource;
        }
        try {
            if (!Files.exists(AXE)) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(AGENT_CLIENT.toFile()).inheritIO().start();
                if (!npm.waitFor(120, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                    fail("axe-core is missing and `npm ci` in " + AGENT_CLIENT + " failed; run .ci/browser");
                }
            }
            axeSource = Files.readString(AXE);
            return axeSource;
        } catch (IOException e) {
            throw new AssertionError("axe-core is missing (" + AXE + ") and npm could not be run: " + e.getMessage()
                    + "; install Node.js and npm, then run .ci/browser", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
