package se.vaxel.history;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.vaxel.cases.Case.Outcome.ABANDONED;
import static se.vaxel.cases.Case.Outcome.ANSWERED;
import static se.vaxel.cases.Case.Outcome.CALLBACK;
import static se.vaxel.history.HistoryCases.ended;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.cases.Case;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.db.Database;
import se.vaxel.db.DatabaseSettings;

/**
 * {@code /api/history} and {@code /api/history.csv} through a running switchboard, on a database with cases of three
 * and two days ago and of today: the switchboard keeps the finished days at start, and the API shows them with today
 * so far, as JSON and as CSV, to those who watch the contact centre only, refusing bad parameters by name.
 */
class HistoryApiTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final LocalDate TODAY = LocalDate.now(STOCKHOLM);
    private static final LocalDate D3 = TODAY.minusDays(3);
    private static final LocalDate D2 = TODAY.minusDays(2);
    private static final LocalDate D1 = TODAY.minusDays(1);
    private static final String SCHOOLS = "Skola, förskola \"och\" fritids";

    @TempDir
    static Path dir;
    private static SwitchboardHarness sb;
    private static String supervisor;

    private static Instant local(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).atZone(STOCKHOLM).toInstant();
    }

    @BeforeAll
    static void start() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("vaxel");
        List<Case> cases = List.of(
                ended("d3-1", "schools", ANSWERED, local(D3, 9), 10.0, 100.0, "resolved_first_contact", null),
                ended("d3-2", "schools", ANSWERED, local(D3, 10), 30.0, 50.0),
                ended("d3-3", "schools", ABANDONED, local(D3, 11), 2.0, null),
                ended("d3-4", "schools", ABANDONED, local(D3, 12), 60.0, null),
                ended("d3-5", "elder-care", CALLBACK, local(D3, 13), 200.0, null),
                ended("d2-1", "schools", ANSWERED, local(D2, 9), 5.0, 20.0, "no_action", null),
                ended("today-1", "schools", ANSWERED, TODAY.atStartOfDay(STOCKHOLM).toInstant().plusSeconds(1), 1.0, 10.0));
        try (Database db = Database.open(new DatabaseSettings(url, "vaxel", "", 2, Duration.ofSeconds(5)))) {
            new JdbcCaseStore(db, Duration.ofDays(7)).storeAll(cases.stream().collect(Collectors.toMap(Case::id, c -> c)));
        }
        Path centre = dir.resolve("contact-centre.json");
        Files.writeString(centre, HistoryCases.CENTRE_JSON);
        sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", 1, "vaxel", "unused"),
                Map.of("VAXEL_DB_URL", url, "VAXEL_CONTACT_CENTRE_FILE", centre.toString()));
        supervisor = sb.login("supervisor");
        // At start the switchboard keeps the finished days since the first case.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sb.get("/api/history?from=" + D3 + "&to=" + D1, supervisor).getJsonArray("days").size() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sb != null) {
            sb.close();
        }
    }

    @Test
    void onlyThoseWhoWatchTheContactCentreMayRead() {
        for (String path : List.of("/api/history", "/api/history.csv")) {
            assertEquals(401, sb.request("GET", path, null).getInteger("_status"), path);
            assertEquals(401, sb.get(path, "made-up").getInteger("_status"), path);
            for (String refused : List.of("agent", "officer")) {
                assertEquals(403, sb.get(path, sb.login(refused)).getInteger("_status"), path + " as " + refused);
            }
        }
        for (String watcher : List.of("admin", "wallboard")) {
            assertEquals(200, sb.get("/api/history", sb.login(watcher)).getInteger("_status"), watcher);
        }
    }

    @Test
    void aBadParameterIsRefusedByName() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("from=2026-13-01", "from");
        bad.put("to=yesterday", "to");
        bad.put("to=" + TODAY.plusDays(1), "to");
        bad.put("from=" + D1 + "&to=" + D2, "from");
        bad.put("from=" + TODAY.minusDays(400) + "&to=" + TODAY, "from, to");
        bad.put("queue=../schools", "queue");
        bad.forEach((query, name) -> {
            for (String path : List.of("/api/history?", "/api/history.csv?")) {
                JsonObject r = sb.get(path + query, supervisor);
                assertEquals(400, r.getInteger("_status"), query);
                assertTrue(r.getString("error").startsWith(name + ":"), query + ": " + r.getString("error"));
            }
        });
        assertEquals(200, sb.get("/api/history?from=" + TODAY.minusDays(399) + "&to=" + TODAY, supervisor).getInteger("_status"),
                "400 days is allowed");
    }

    @Test
    void theDaysAsJsonWithTheirFiguresTodaySoFarAndTotals() {
        JsonObject r = sb.get("/api/history?from=" + D3 + "&to=" + TODAY, supervisor);
        assertEquals(200, r.getInteger("_status"), r.encode());
        assertEquals(List.of(D3.toString(), TODAY.toString(), "Europe/Stockholm"), List.of(r.getString("from"), r.getString("to"),
                r.getString("zone")));
        JsonArray days = r.getJsonArray("days");
        assertEquals(List.of(D3.toString(), D2.toString(), D1.toString(), TODAY.toString()),
                days.stream().map(d -> ((JsonObject) d).getString("day")).toList());
        assertEquals(List.of(true, true, true, false), days.stream().map(d -> ((JsonObject) d).getBoolean("complete")).toList());

        JsonObject schools = queue(days.getJsonObject(0), "schools");
        assertEquals(SCHOOLS, schools.getString("name"));
        assertEquals(List.of(4, 2, 1, 2, 1, 0, 0, 0, 1, 1), ints(schools, "offered", "answered", "answeredWithinTarget", "abandoned",
                "abandonedShort", "callbacksBooked", "callbacksCompleted", "transferredToBackOffice", "resolvedFirstContact",
                "resolutionsRecorded"));
        assertEquals(40.0, schools.getDouble("waitAnsweredSeconds"));
        assertEquals(150.0, schools.getDouble("talkSeconds"));
        assertEquals(0.0, schools.getDouble("afterCallSeconds"));
        assertEquals(20.0, schools.getDouble("targetSeconds"));
        assertEquals(1.0 / 3, schools.getDouble("serviceLevel"), 1e-12, "1 within target of 2 answered + 1 abandoned (not the short one)");
        assertEquals(2.0 / 3, schools.getDouble("answerRate"), 1e-12);
        assertEquals(1.0 / 3, schools.getDouble("abandonRate"), 1e-12);
        assertEquals(0.0, schools.getDouble("callbackRate"));
        assertEquals(20.0, schools.getDouble("averageSpeedOfAnswerSeconds"));
        assertEquals(75.0, schools.getDouble("averageHandleTimeSeconds"), "talk only: wrap-up is not in the case");
        assertEquals(1.0, schools.getDouble("firstContactResolution"));

        JsonObject elderCare = queue(days.getJsonObject(0), "elder-care");
        assertEquals(List.of(1, 0, 1), ints(elderCare, "offered", "answered", "callbacksBooked"));
        assertEquals(1.0, elderCare.getDouble("callbackRate"));
        assertEquals(30.0, elderCare.getDouble("targetSeconds"));
        for (String absent : List.of("serviceLevel", "averageSpeedOfAnswerSeconds", "averageHandleTimeSeconds", "firstContactResolution")) {
            assertTrue(elderCare.containsKey(absent) && elderCare.getValue(absent) == null, absent + " is null, not 0");
        }
        assertEquals(0, queue(days.getJsonObject(2), "schools").getInteger("offered"), "a day without calls, at 0");
        JsonObject today = queue(days.getJsonObject(3), "schools");
        assertEquals(List.of(1, 1, 1), ints(today, "offered", "answered", "answeredWithinTarget"), "today so far, from its cases");

        Map<String, JsonObject> totals = r.getJsonArray("totals").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(t -> t.getString("queue"), t -> t));
        assertEquals(List.of(6, 4, 3, 2, 1), ints(totals.get("schools"), "offered", "answered", "answeredWithinTarget", "abandoned",
                "abandonedShort"));
        assertEquals(SCHOOLS, totals.get("schools").getString("name"));
        assertEquals(3.0 / 5, totals.get("schools").getDouble("serviceLevel"), 1e-12);
        assertEquals(1.0 / 2, totals.get("schools").getDouble("firstContactResolution"), 1e-12);
        assertEquals(1, totals.get("elder-care").getInteger("offered"));

        JsonObject one = sb.get("/api/history?from=" + D3 + "&to=" + D2 + "&queue=elder-care", supervisor);
        assertEquals(List.of("elder-care"), one.getJsonArray("days").stream()
                .flatMap(d -> ((JsonObject) d).getJsonArray("queues").stream()).map(q -> ((JsonObject) q).getString("queue")).distinct()
                .toList());
        assertEquals(1, one.getJsonArray("totals").size());

        JsonObject byDefault = sb.get("/api/history", supervisor);
        assertEquals(List.of(TODAY.minusDays(30).toString(), D1.toString()), List.of(byDefault.getString("from"), byDefault.getString("to")),
                "the last 30 finished days");
        assertEquals(3, byDefault.getJsonArray("days").size(), "since the first case");
    }

    @Test
    void theDaysAsCsvToDownload() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + sb.verticle().httpPort() + "/api/history.csv?from=" + D3 + "&to=" + TODAY))
                .header("Authorization", "Bearer " + supervisor).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv; charset=utf-8"));
        assertEquals("attachment; filename=\"vaxel-history-" + D3 + "-" + TODAY + ".csv\"",
                r.headers().firstValue("Content-Disposition").orElseThrow());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith("\r\n") && body.split("\r\n", -1).length == 1 + 8 + 1, "CRLF line ends, a header and 8 rows");

        List<List<String>> rows = parse(body);
        assertEquals(List.of("day", "complete", "queue", "name", "targetSeconds", "offered", "answered", "answeredWithinTarget",
                "abandoned", "abandonedShort", "callbacksBooked", "callbacksCompleted", "transferredToBackOffice", "resolvedFirstContact",
                "resolutionsRecorded", "waitAnsweredSeconds", "talkSeconds", "afterCallSeconds", "serviceLevel", "answerRate",
                "abandonRate", "callbackRate", "averageSpeedOfAnswerSeconds", "averageHandleTimeSeconds", "firstContactResolution"),
                rows.get(0));
        List<Map<String, String>> records = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals(rows.get(0).size(), row.size(), row.toString());
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                m.put(rows.get(0).get(i), row.get(i));
            }
            records.add(m);
        }
        assertEquals(List.of(D3 + " schools", D3 + " elder-care", D2 + " schools", D2 + " elder-care", D1 + " schools",
                D1 + " elder-care", TODAY + " schools", TODAY + " elder-care"),
                records.stream().map(m -> m.get("day") + " " + m.get("queue")).toList(), "one row per day and queue");
        Map<String, String> schools = records.get(0);
        assertEquals(SCHOOLS, schools.get("name"), "quoted, quotes doubled, UTF-8");
        assertEquals("Äldreomsorg", records.get(1).get("name"));
        assertEquals(List.of("true", "20", "4", "2", "1", "2", "1", "40", "150", "0"), List.of(schools.get("complete"),
                schools.get("targetSeconds"), schools.get("offered"), schools.get("answered"), schools.get("answeredWithinTarget"),
                schools.get("abandoned"), schools.get("abandonedShort"), schools.get("waitAnsweredSeconds"), schools.get("talkSeconds"),
                schools.get("afterCallSeconds")));
        assertEquals(List.of("0.3333", "0.6667", "0.3333", "0", "20", "75", "1"), List.of(schools.get("serviceLevel"),
                schools.get("answerRate"), schools.get("abandonRate"), schools.get("callbackRate"),
                schools.get("averageSpeedOfAnswerSeconds"), schools.get("averageHandleTimeSeconds"),
                schools.get("firstContactResolution")), "fractions with dots as decimal separators");
        assertEquals("", records.get(1).get("serviceLevel"), "absent: an empty field, not 0");
        assertEquals("1", records.get(1).get("callbackRate"));
        assertEquals("false", records.get(6).get("complete"), "today so far");

        List<List<String>> none = parse(new String(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + sb.verticle().httpPort() + "/api/history.csv?from=" + TODAY.minusDays(200) + "&to=" + TODAY.minusDays(100)))
                .header("Authorization", "Bearer " + supervisor).build(), HttpResponse.BodyHandlers.ofByteArray()).body(),
                StandardCharsets.UTF_8));
        assertEquals(1, none.size(), "days before the first case: the header alone");
    }

    private static JsonObject queue(JsonObject day, String queue) {
        return day.getJsonArray("queues").stream().map(JsonObject.class::cast).filter(q -> q.getString("queue").equals(queue))
                .findFirst().orElseThrow(() -> new AssertionError("no " + queue + " in " + day.encode()));
    }

    private static List<Integer> ints(JsonObject o, String... names) {
        return java.util.Arrays.stream(names).map(o::getInteger).toList();
    }

    /** RFC 4180 read strictly: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (c == '"' && field.length() == 0) {
                for (i++; ; i++) {
                    if (csv.charAt(i) == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (csv.charAt(i) == '"') {
                        i++;
                        break;
                    } else {
                        field.append(csv.charAt(i));
                    }
                }
                continue;
            }
            if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                assertEquals('\n', csv.charAt(i + 1), "CR only before LF");
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertTrue(c != '\n' && c != '"', "a bare LF or quote at " + i);
                field.append(c);
            }
            i++;
        }
        assertTrue(row.isEmpty() && field.length() == 0, "the last record ends with CRLF");
        return rows;
    }
}
