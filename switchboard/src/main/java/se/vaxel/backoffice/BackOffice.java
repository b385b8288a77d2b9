package se.vaxel.backoffice;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.vaxel.routing.ContactCentre.InvalidConfiguration;

/**
 * The back office as configured ({@code back-office.json}, or the file in {@code VAXEL_BACK_OFFICE_FILE}):
 * departments, their handling officers, the working-day calendar that deadlines are counted in, how long an
 * officer's and a citizen's phone ring on a call back, and where matters are exported. Kept apart from the
 * contact centre's queue catalogue because other people keep it: the departments, not the contact centre.
 *
 * @param webhook where matters are exported; null when no external system takes them
 */
public record BackOffice(Map<String, Department> departments, Map<String, HandlingOfficer> officers, WorkingCalendar calendar,
        Duration ringOfficer, Duration ringCitizen, Webhook webhook) {

    /** The external case-management system's endpoint; {@code secret} signs each delivery (HMAC-SHA256). */
    public record Webhook(URI url, String secret) {}

    public BackOffice {
        departments = Map.copyOf(departments);
        officers = Map.copyOf(officers);
    }

    public Optional<Department> department(String id) {
        return Optional.ofNullable(id == null ? null : departments.get(id));
    }

    public Optional<HandlingOfficer> officer(String id) {
        return Optional.ofNullable(id == null ? null : officers.get(id));
    }

    /**
     * The file named, or the shipped default when {@code file} is null. {@code settings} supplies the
     * webhook's secret, named in the file by {@code secretSetting} (secrets never sit in the file itself).
     */
    public static BackOffice load(Path file, Map<String, String> settings) {
        if (file == null) {
            try (InputStream in = BackOffice.class.getResourceAsStream("/back-office.json")) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped back-office.json", settings);
            } catch (IOException e) {
                throw new IllegalStateException("the shipped back-office.json cannot be read", e);
            }
        }
        try {
            return parse(Files.readString(file), file.toString(), settings);
        } catch (IOException e) {
            throw new InvalidConfiguration(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
    }

    public static BackOffice parse(String json, String source, Map<String, String> settings) {
        JsonObject root;
        try {
            root = new JsonObject(json);
        } catch (DecodeException e) {
            throw new InvalidConfiguration(source, List.of("not JSON: " + e.getMessage()));
        }
        return new Reader(source, settings).read(root);
    }

    /** Collects every problem while reading, so they are all reported together. */
    private static final class Reader {
        private final String source;
        private final Map<String, String> settings;
        private final List<String> problems = new ArrayList<>();

        Reader(String source, Map<String, String> settings) {
            this.source = source;
            this.settings = settings;
        }

        BackOffice read(JsonObject root) {
            int defaultDays = whole(root, "feedbackWorkingDays", 2, 0, 60, "feedbackWorkingDays");
            WorkingCalendar calendar = calendar(root.getValue("workingDays") instanceof JsonObject o ? o : new JsonObject());
            Map<String, Department> departments = new LinkedHashMap<>();
            JsonArray list = array(root, "departments");
            for (int i = 0; i < list.size(); i++) {
                String at = "departments[" + i + "]";
                if (!(list.getValue(i) instanceof JsonObject d)) {
                    problems.add(at + ": must be an object");
                    continue;
                }
                String id = id(d, at);
                String name = d.getValue("name") instanceof String s && !s.isBlank() ? s : id;
                int days = whole(d, "feedbackWorkingDays", defaultDays, 0, 60, at + ".feedbackWorkingDays");
                if (id != null && departments.putIfAbsent(id, new Department(id, name, days)) != null) {
                    problems.add(at + ": department '" + id + "' is listed twice");
                }
            }
            Map<String, HandlingOfficer> officers = new LinkedHashMap<>();
            JsonArray people = array(root, "officers");
            for (int i = 0; i < people.size(); i++) {
                String at = "officers[" + i + "]";
                if (!(people.getValue(i) instanceof JsonObject o)) {
                    problems.add(at + ": must be an object");
                    continue;
                }
                HandlingOfficer officer = officer(o, at, departments.keySet());
                if (officer != null && officers.putIfAbsent(officer.id(), officer) != null) {
                    problems.add(at + ": officer '" + officer.id() + "' is listed twice");
                }
            }
            JsonObject calls = root.getValue("callBack") instanceof JsonObject c ? c : new JsonObject();
            Duration ringOfficer = Duration.ofSeconds(whole(calls, "ringOfficerSeconds", 30, 5, 300, "callBack.ringOfficerSeconds"));
            Duration ringCitizen = Duration.ofSeconds(whole(calls, "ringCitizenSeconds", 30, 5, 300, "callBack.ringCitizenSeconds"));
            Webhook webhook = webhook(root.getValue("webhook"));
            if (!problems.isEmpty()) {
                throw new InvalidConfiguration(source, problems);
            }
            return new BackOffice(departments, officers, calendar, ringOfficer, ringCitizen, webhook);
        }

        private HandlingOfficer officer(JsonObject o, String at, Set<String> known) {
            String id = id(o, at);
            Set<String> departments = new HashSet<>();
            if (o.getValue("departments") instanceof JsonArray a && !a.isEmpty()) {
                for (Object d : a) {
                    if (!(d instanceof String s) || !known.contains(s)) {
                        problems.add(at + ".departments: '" + d + "' is no department listed here");
                    } else {
                        departments.add(s);
                    }
                }
            } else {
                problems.add(at + ".departments: at least one department");
            }
            Object device = o.getValue("device");
            if (!(device instanceof String s) || !s.matches("[A-Za-z]+/[^\\s,|&]+")) {
                problems.add(at + ".device: the officer's phone as Asterisk dials it, e.g. PJSIP/2001; not '" + device + "'");
                return null;
            }
            String name = o.getValue("name") instanceof String n && !n.isBlank() ? n : id;
            return id == null ? null : new HandlingOfficer(id, name, departments, (String) device);
        }

        private WorkingCalendar calendar(JsonObject w) {
            try {
                ZoneId zone = ZoneId.of(w.getString("timeZone", "Europe/Stockholm"));
                Set<DayOfWeek> days = new HashSet<>();
                JsonArray listed = w.getJsonArray("days", new JsonArray(List.of("monday", "tuesday", "wednesday", "thursday", "friday")));
                for (Object d : listed) {
                    days.add(DayOfWeek.valueOf(String.valueOf(d).toUpperCase(Locale.ROOT)));
                }
                LocalTime endsAt = LocalTime.parse(w.getString("dayEndsAt", "16:30"));
                Set<LocalDate> closed = new HashSet<>();
                for (Object d : w.getJsonArray("closedDays", new JsonArray())) {
                    closed.add(LocalDate.parse(String.valueOf(d)));
                }
                return new WorkingCalendar(zone, days, endsAt, w.getBoolean("swedishHolidays", true), closed);
            } catch (DateTimeException | IllegalArgumentException | ClassCastException e) {
                problems.add("workingDays: " + e.getMessage()
                        + " (timeZone e.g. Europe/Stockholm, days e.g. [\"monday\"], dayEndsAt HH:MM, closedDays [\"2026-12-23\"])");
                return WorkingCalendar.swedish(ZoneId.of("Europe/Stockholm"));
            }
        }

        private Webhook webhook(Object value) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonObject w) || !(w.getValue("url") instanceof String url)) {
                problems.add("webhook: an object with url (and secretSetting)");
                return null;
            }
            URI uri;
            try {
                uri = URI.create(url);
                if (!List.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) address");
                }
            } catch (IllegalArgumentException e) {
                problems.add("webhook.url: an http(s) address, not '" + url + "'");
                return null;
            }
            String setting = w.getString("secretSetting", "VAXEL_WEBHOOK_SECRET");
            String secret = settings.get(setting);
            if (secret == null || secret.isBlank()) {
                problems.add("webhook: the signing secret is not set; give it in " + setting + " (environment or settings)");
                return null;
            }
            return new Webhook(uri, secret);
        }

        private String id(JsonObject o, String at) {
            Object id = o.getValue("id");
            if (!(id instanceof String s) || !s.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                problems.add(at + ".id: lower-case letters, digits, '.', '_' or '-' (up to 64); not '" + id + "'");
                return null;
            }
            return s;
        }

        private JsonArray array(JsonObject o, String field) {
            Object v = o.getValue(field);
            if (v instanceof JsonArray a) {
                return a;
            }
            if (v != null) {
                problems.add(field + ": must be a list");
            }
            return new JsonArray();
        }

        private int whole(JsonObject o, String field, int fallback, int min, int max, String at) {
            Object v = o.getValue(field);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < min || n.intValue() > max) {
                problems.add(at + ": a whole number " + min + "-" + max + ", not " + v);
                return fallback;
            }
            return n.intValue();
        }
    }
}
