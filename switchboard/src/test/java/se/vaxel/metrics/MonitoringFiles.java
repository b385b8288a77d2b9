package se.vaxel.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What monitoring/ ships, for the tests that check it: the Prometheus config, the rule files it loads, the rules'
 * unit tests and the Grafana dashboards' PromQL. Tests run in switchboard/, beside monitoring/.
 */
final class MonitoringFiles {

    static final Path DIR = Path.of("..", "monitoring").toAbsolutePath().normalize();
    static final Path PROMETHEUS_YML = DIR.resolve("prometheus.yml");

    private MonitoringFiles() {
    }

    /** alerts.yml and every rules/*.yml: the rule files prometheus.yml loads. */
    static List<Path> ruleFiles() {
        List<Path> files = new ArrayList<>(List.of(DIR.resolve("alerts.yml")));
        files.addAll(list(DIR.resolve("rules"), ".yml"));
        return files;
    }

    /** The promtool unit tests of the rules: tests/*.test.yml. */
    static List<Path> ruleTests() {
        return list(DIR.resolve("tests"), ".test.yml");
    }

    static List<Path> dashboards() {
        return list(DIR.resolve("grafana/dashboards"), ".json");
    }

    /** Every PromQL expression of a dashboard: its panels' targets (rows' and repeated ones included) and its query variables. */
    static List<String> expressions(Path dashboard) {
        JsonObject json = new JsonObject(read(dashboard));
        List<String> exprs = new ArrayList<>();
        collectPanels(json.getJsonArray("panels", new JsonArray()), exprs);
        for (Object v : json.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
            JsonObject variable = (JsonObject) v;
            if ("query".equals(variable.getString("type"))) {
                Object query = variable.getValue("query");
                exprs.add(query instanceof JsonObject q ? q.getString("query") : String.valueOf(query));
            }
        }
        return exprs;
    }

    private static void collectPanels(JsonArray panels, List<String> exprs) {
        for (Object p : panels) {
            JsonObject panel = (JsonObject) p;
            for (Object t : panel.getJsonArray("targets", new JsonArray())) {
                exprs.add(((JsonObject) t).getString("expr"));
            }
            collectPanels(panel.getJsonArray("panels", new JsonArray()), exprs);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
