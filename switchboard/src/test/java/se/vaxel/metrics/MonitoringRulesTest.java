package se.vaxel.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.RecordedAsterisk;
import se.vaxel.ami.Recording;

/** Every Växel metric the shipped alert rules use is served by a running switchboard's /metrics. */
class MonitoringRulesTest {

    @Test
    void alertRulesOnlyUseMetricsTheSwitchboardServes() throws Exception {
        String rules = Files.readString(Path.of("../monitoring/alerts.yml"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(vaxel_[a-z_]+)").matcher(rules);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertTrue(!used.isEmpty());
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sb.verticle().httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String name : used) {
                assertTrue(Pattern.compile("(?m)^" + name + "(\\{| )").matcher(metrics).find(), name + " is not served");
            }
            assertTrue(metrics.contains("vaxel_ami_connected 1.0"), metrics);
        }
    }
}
