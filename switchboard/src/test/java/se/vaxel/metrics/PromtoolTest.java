package se.vaxel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * monitoring/ as Prometheus reads it, checked by Prometheus' own promtool: the config and every rule file are
 * valid, the rules' unit tests (tests/*.test.yml: input series that make each alert fire and not fire, and the
 * recording rules' figures) pass, every alert has such a test, and the dashboards' queries are valid PromQL.
 * Without promtool (Debian's prometheus package; .ci/promtool installs it) the tests are skipped, saying so,
 * unless VAXEL_TEST_PROMTOOL=required (CI: .ci/run), where they fail.
 */
class PromtoolTest {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        String named = System.getProperty("vaxel.test.promtool");
        if (named != null) {
            promtool = Path.of(named);
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "promtool");
                if (Files.isExecutable(candidate)) {
                    promtool = candidate;
                    break;
                }
            }
        }
        if (promtool != null && Files.isExecutable(promtool)) {
            return;
        }
        String why = "no promtool for the monitoring tests (" + (named != null ? named + " is not executable" : "not on PATH")
                + "); install Debian's prometheus package, e.g. with .ci/promtool";
        if ("required".equals(System.getenv("VAXEL_TEST_PROMTOOL"))) {
            fail(why + " (VAXEL_TEST_PROMTOOL=required)");
        }
        Assumptions.abort(why);
    }

    @Test
    void configIsValidAndLoadsEveryRuleFile() throws Exception {
        String out = promtool("check", "config", MonitoringFiles.PROMETHEUS_YML.toString());
        // promtool names each rule file the config loads: every one shipped, none missing.
        for (Path rules : MonitoringFiles.ruleFiles()) {
            assertTrue(out.contains(rules.getFileName().toString()), rules + " is not loaded by prometheus.yml:\n" + out);
        }
    }

    @Test
    void ruleFilesAreValid() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        MonitoringFiles.ruleFiles().forEach(f -> args.add(f.toString()));
        promtool(args.toArray(String[]::new));
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        List<Path> tests = MonitoringFiles.ruleTests();
        assertFalse(tests.isEmpty());
        tests.forEach(f -> args.add(f.toString()));
        promtool(args.toArray(String[]::new));
    }

    @Test
    void everyAlertHasAUnitTest() {
        Set<String> alerts = names(Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)"), MonitoringFiles.ruleFiles());
        Set<String> tested = names(Pattern.compile("(?m)^\\s*alertname:\\s*(\\S+)"), MonitoringFiles.ruleTests());
        assertFalse(alerts.isEmpty());
        alerts.removeAll(tested);
        assertEquals(Set.of(), alerts, "alerts without a test in monitoring/tests");
    }

    /** Each dashboard query, its Grafana variables given a value, as a recording rule promtool parses. */
    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int n = 0;
        for (Path dashboard : MonitoringFiles.dashboards()) {
            for (String expr : MonitoringFiles.expressions(dashboard)) {
                String promql = expr.replace("$__rate_interval", "1m").replace("$__range", "1h")
                        .replaceAll("\\$\\{?[a-zA-Z_]+}?", ".*");
                if (promql.startsWith("label_values(")) {
                    // A Grafana variable's query, not PromQL: its metric must parse as a selector.
                    promql = promql.substring("label_values(".length(), promql.lastIndexOf(','));
                }
                rules.append("      - record: dashboard_query_").append(n++).append("\n        expr: '")
                        .append(promql.replace("'", "''")).append("'\n");
            }
        }
        assertTrue(n > 20, "dashboards' queries: " + n);
        Path file = dir.resolve("dashboards.yml");
        Files.writeString(file, rules);
        promtool("check", "rules", file.toString());
    }

    private static Set<String> names(Pattern pattern, List<Path> files) {
        Set<String> names = new TreeSet<>();
        for (Path file : files) {
            Matcher m = pattern.matcher(MonitoringFiles.read(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Runs promtool in monitoring/ and returns what it printed; fails with that output unless it exits 0. */
    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("promtool-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(MonitoringFiles.DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean done = process.waitFor(2, TimeUnit.MINUTES);
            if (!done) {
                process.destroyForcibly().waitFor();
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            String what = "promtool " + String.join(" ", args);
            assertTrue(done, what + " did not finish in 2 minutes:\n" + out);
            assertEquals(0, process.exitValue(), what + ":\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
