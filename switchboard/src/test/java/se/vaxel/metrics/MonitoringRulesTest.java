package se.vaxel.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.RecordedAsterisk;
import se.vaxel.ami.Recording;

/**
 * Every Växel (and JVM) metric the shipped monitoring names (alert and recording rules, Grafana dashboards) is served by a
 * running switchboard's /metrics, with the label values a rule or panel selects on. A histogram is served as
 * {@code name_bucket}, {@code _sum} and {@code _count}, and named so; {@code vaxel:...} are recording rules.
 */
class MonitoringRulesTest {

    /** A metric name, and the matchers of its selector when it has one. */
    private static final Pattern SELECTOR = Pattern.compile("\\b((?:vaxel|jvm|process|system)_[a-z_]+)(\\{[^}]*})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]+)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");
    /** Labels Prometheus adds at the scrape, not the switchboard. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    @Test
    void rulesAndDashboardsOnlyUseMetricsTheSwitchboardServes() throws Exception {
        Set<String> names = new TreeSet<>();
        Set<String> labelled = new TreeSet<>();
        for (Path file : MonitoringFiles.ruleFiles()) {
            collect(MonitoringFiles.read(file), names, labelled);
        }
        for (Path dashboard : MonitoringFiles.dashboards()) {
            for (String expr : MonitoringFiles.expressions(dashboard)) {
                collect(expr, names, labelled);
            }
        }
        assertTrue(names.contains("vaxel_ami_connected") && names.contains("vaxel_queue_waiting_calls"), names.toString());
        assertTrue(labelled.contains("vaxel_agents{state=\"available\"}"), labelled.toString());

        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sb.verticle().httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> missing = new ArrayList<>();
            for (String name : names) {
                if (!Pattern.compile("(?m)^" + name + "(\\{| )").matcher(metrics).find()) {
                    missing.add(name);
                }
            }
            for (String series : labelled) {
                String name = series.substring(0, series.indexOf('{'));
                String label = series.substring(name.length() + 1, series.length() - 1);
                if (!names.contains(name) || missing.contains(name)) {
                    continue;
                }
                if (!Pattern.compile("(?m)^" + name + "\\{[^}]*\\b" + Pattern.quote(label) + "[,}]").matcher(metrics).find()) {
                    missing.add(series);
                }
            }
            assertEquals(List.of(), missing, "named in monitoring/ but not served on /metrics");
            assertTrue(metrics.contains("vaxel_ami_connected 1.0"), metrics);
        }
    }

    /**
     * The metric names in the text, and for each equality matcher (or regex matcher of plain alternatives) on a
     * label the switchboard sets, {@code name{label="value"}} for each value. Grafana variables ($queue) are skipped.
     */
    private static void collect(String text, Set<String> names, Set<String> labelled) {
        Matcher m = SELECTOR.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
            if (m.group(2) == null) {
                continue;
            }
            Matcher l = MATCHER.matcher(m.group(2));
            while (l.find()) {
                String label = l.group(1);
                String op = l.group(2);
                String value = l.group(3);
                if (TARGET_LABELS.contains(label) || op.startsWith("!") || !value.matches("[A-Za-z0-9_.+-]+(\\|[A-Za-z0-9_.+-]+)*")) {
                    continue;
                }
                for (String v : op.equals("=~") ? value.split("\\|") : new String[] {value}) {
                    labelled.add(m.group(1) + "{" + label + "=\"" + v + "\"}");
                }
            }
        }
    }
}
