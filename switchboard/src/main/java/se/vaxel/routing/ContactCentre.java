package se.vaxel.routing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.vaxel.callbacks.CallbackPolicy;

/**
 * The contact centre as configured: the service catalogue and the agents. Read from a JSON file
 * (documented in the routing README; the default ships as {@code contact-centre.json}) and validated as a
 * whole at start: every problem is reported at once with where it is, so a broken file is fixed in one go.
 */
public record ContactCentre(ZoneId zone, List<Service> services, List<AgentProfile> agents, CallbackPolicy callbacks) {

    /** A file that cannot be used, with every problem found in it. */
    public static final class InvalidConfiguration extends RuntimeException {
        private final List<String> problems;

        public InvalidConfiguration(String source, List<String> problems) {
            super(source + " is not a valid configuration:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public Optional<Service> service(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Service> serviceForDigit(char digit) {
        return services.stream().filter(s -> s.ivrDigit() == digit).findFirst();
    }

    public List<RoutingRule> rules() {
        return services.stream().map(Service::rule).toList();
    }

    /** The file named, or the shipped default when {@code file} is null. */
    public static ContactCentre load(Path file) {
        if (file == null) {
            try (InputStream in = ContactCentre.class.getResourceAsStream("/contact-centre.json")) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped contact-centre.json");
            } catch (IOException e) {
                throw new IllegalStateException("the shipped contact-centre.json cannot be read", e);
            }
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InvalidConfiguration(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
    }

    public static ContactCentre parse(String json, String source) {
        JsonObject root;
        try {
            root = new JsonObject(json);
        } catch (DecodeException e) {
            throw new InvalidConfiguration(source, List.of("not JSON: " + e.getMessage()));
        }
        return new Reader(source).read(root);
    }

    /** Collects every problem while reading, so they are all reported together. */
    private static final class Reader {
        private final String source;
        private final List<String> problems = new ArrayList<>();

        Reader(String source) {
            this.source = source;
        }

        ContactCentre read(JsonObject root) {
            ZoneId zone = zone(root.getValue("timeZone", "Europe/Stockholm"));
            List<Service> services = new ArrayList<>();
            JsonArray list = array(root, "services", "services");
            Set<String> ids = new HashSet<>();
            Set<Character> digits = new HashSet<>();
            for (int i = 0; list != null && i < list.size(); i++) {
                String at = "services[" + i + "]";
                Object o = list.getValue(i);
                if (!(o instanceof JsonObject s)) {
                    problems.add(at + ": must be an object");
                    continue;
                }
                Service service = service(s, at, zone);
                if (service == null) {
                    continue;
                }
                if (!ids.add(service.id())) {
                    problems.add(at + ".id: '" + service.id() + "' is used twice");
                }
                if (!digits.add(service.ivrDigit())) {
                    problems.add(at + ".ivrDigit: '" + service.ivrDigit() + "' is used twice");
                }
                services.add(service);
            }
            if (list != null && list.isEmpty()) {
                problems.add("services: at least one service is needed");
            }
            List<AgentProfile> agents = agents(root, services);
            CallbackPolicy callbacks = callbacks(root.getValue("callbacks"));
            for (Service s : services) {
                if (s.callbackOfferAfter() != null && !callbacks.enabled() && root.getValue("callbacks") == null) {
                    problems.add("service " + s.id() + ": its callback offer needs the top-level "
                            + "\"callbacks\": {\"municipalityNumber\": ...} block");
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidConfiguration(source, problems);
            }
            return new ContactCentre(zone, List.copyOf(services), List.copyOf(agents), callbacks);
        }

        private CallbackPolicy callbacks(Object value) {
            CallbackPolicy d = CallbackPolicy.NONE;
            if (value == null) {
                return d;
            }
            if (!(value instanceof JsonObject o)) {
                problems.add("callbacks: must be an object like {\"municipalityNumber\": \"+4686000000\"}");
                return d;
            }
            String number = o.getValue("municipalityNumber") instanceof String n ? n.trim() : null;
            if (number == null || !number.matches("\\+?[0-9]{3,20}")) {
                problems.add("callbacks.municipalityNumber: the number citizens are called back from, digits with an "
                        + "optional leading +, not " + o.getValue("municipalityNumber"));
            }
            int attempts = integer(o, "maxAttempts", d.maxAttempts(), 1, 10, "callbacks");
            int retry = integer(o, "retryAfterSeconds", (int) d.retryAfter().toSeconds(), 10, 86_400, "callbacks");
            int recognise = integer(o, "recogniseWithinMinutes", (int) d.recogniseWithin().toMinutes(), 0, 7 * 24 * 60, "callbacks");
            int ring = integer(o, "ringCitizenSeconds", (int) d.ringCitizen().toSeconds(), 5, 120, "callbacks");
            return new CallbackPolicy(number, attempts, Duration.ofSeconds(retry), Duration.ofMinutes(recognise),
                    Duration.ofSeconds(ring));
        }

        private Service service(JsonObject s, String at, ZoneId zone) {
            int before = problems.size();
            String id = text(s, "id", at);
            String name = s.getValue("name") instanceof String n ? n : id;
            String digitText = text(s, "ivrDigit", at);
            char digit = 0;
            if (digitText != null) {
                if (digitText.length() != 1 || !Character.isDigit(digitText.charAt(0))) {
                    problems.add(at + ".ivrDigit: must be one digit 0-9, not '" + digitText + "'");
                } else {
                    digit = digitText.charAt(0);
                }
            }
            String skill = s.getValue("skill") instanceof String k ? k : id;
            Service.ServiceLevel target = serviceLevel(s.getValue("serviceLevel"), at + ".serviceLevel");
            int priority = integer(s, "priority", 0, 0, 9, at);
            String fallback = s.getValue("fallbackQueue") instanceof String f && !f.isBlank() ? f : id;
            AgentSelection selection = selection(s.getValue("agentSelection"), at + ".agentSelection");
            Duration overflowAfter = null;
            List<String> overflowSkills = List.of();
            if (s.getValue("overflow") instanceof JsonObject of) {
                overflowAfter = Duration.ofSeconds(integer(of, "afterSeconds", 120, 0, 86_400, at + ".overflow"));
                overflowSkills = strings(of.getValue("skills"), at + ".overflow.skills");
                if (overflowSkills.isEmpty()) {
                    problems.add(at + ".overflow.skills: name at least one secondary skill");
                }
            } else if (s.getValue("overflow") != null) {
                problems.add(at + ".overflow: must be an object like {\"afterSeconds\": 120, \"skills\": [\"switchboard\"]}");
            }
            OpeningHours hours = hours(s.getValue("openingHours"), at + ".openingHours", zone);
            Duration callbackAfter = null;
            if (s.getValue("callback") instanceof JsonObject cb) {
                callbackAfter = Duration.ofSeconds(integer(cb, "offerWhenWaitOverSeconds", 120, 0, 86_400, at + ".callback"));
            } else if (s.getValue("callback") != null) {
                problems.add(at + ".callback: must be an object like {\"offerWhenWaitOverSeconds\": 120}");
            }
            if (problems.size() > before || id == null) {
                return null;
            }
            return new Service(id, name, digit, skill, target, priority,
                    new RoutingRule(id, skill, selection, overflowAfter, overflowSkills), fallback, hours, callbackAfter);
        }

        private List<AgentProfile> agents(JsonObject root, List<Service> services) {
            List<AgentProfile> out = new ArrayList<>();
            JsonArray list = array(root, "agents", "agents");
            Set<String> ids = new HashSet<>();
            Set<String> devices = new HashSet<>();
            Set<String> skills = new HashSet<>();
            services.forEach(s -> {
                skills.add(s.skill());
                skills.addAll(s.rule().overflowSkills());
            });
            for (int i = 0; list != null && i < list.size(); i++) {
                String at = "agents[" + i + "]";
                if (!(list.getValue(i) instanceof JsonObject a)) {
                    problems.add(at + ": must be an object");
                    continue;
                }
                String id = text(a, "id", at);
                String device = text(a, "device", at);
                if (device != null && !device.matches("[A-Za-z]+/[^\\s]+")) {
                    problems.add(at + ".device: must be a device like PJSIP/1001, not '" + device + "'");
                }
                Map<String, Integer> levels = new LinkedHashMap<>();
                if (a.getValue("skills") instanceof JsonObject sk) {
                    for (String skill : sk.fieldNames()) {
                        if (!(sk.getValue(skill) instanceof Number n) || n.intValue() < 1 || n.intValue() > 10
                                || n.doubleValue() != n.intValue()) {
                            problems.add(at + ".skills." + skill + ": a level is a whole number 1-10, not " + sk.getValue(skill));
                        } else if (!skills.contains(skill)) {
                            problems.add(at + ".skills." + skill + ": no service needs this skill");
                        } else {
                            levels.put(skill, n.intValue());
                        }
                    }
                } else {
                    problems.add(at + ".skills: must be an object like {\"social-services\": 5}");
                }
                if (id != null && !ids.add(id)) {
                    problems.add(at + ".id: '" + id + "' is used twice");
                }
                if (device != null && !devices.add(device)) {
                    problems.add(at + ".device: '" + device + "' is on two agents' desks");
                }
                if (id != null && device != null) {
                    out.add(new AgentProfile(id, a.getValue("name") instanceof String n ? n : id, device, levels));
                }
            }
            return out;
        }

        private ZoneId zone(Object value) {
            try {
                return ZoneId.of(String.valueOf(value));
            } catch (DateTimeException e) {
                problems.add("timeZone: '" + value + "' is not a time zone (e.g. Europe/Stockholm)");
                return ZoneId.of("Europe/Stockholm");
            }
        }

        private Service.ServiceLevel serviceLevel(Object value, String at) {
            if (value == null) {
                return Service.ServiceLevel.DEFAULT;
            }
            if (!(value instanceof JsonObject o)) {
                problems.add(at + ": must be an object like {\"share\": 0.8, \"withinSeconds\": 20}");
                return Service.ServiceLevel.DEFAULT;
            }
            double share = o.getValue("share", 0.8) instanceof Number n ? n.doubleValue() : -1;
            if (share <= 0 || share > 1) {
                problems.add(at + ".share: must be a share above 0 and at most 1, not " + o.getValue("share"));
            }
            int within = integer(o, "withinSeconds", 20, 1, 3_600, at);
            return new Service.ServiceLevel(share, Duration.ofSeconds(within));
        }

        private AgentSelection selection(Object value, String at) {
            if (value == null) {
                return AgentSelection.SKILL_LEVEL_FIRST;
            }
            try {
                return AgentSelection.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                problems.add(at + ": '" + value + "' is none of skill-level-first, longest-idle, least-calls-today");
                return AgentSelection.SKILL_LEVEL_FIRST;
            }
        }

        private OpeningHours hours(Object value, String at, ZoneId zone) {
            if (value == null) {
                return OpeningHours.always(zone);
            }
            if (!(value instanceof JsonObject o)) {
                problems.add(at + ": must be an object of weekdays, e.g. {\"monday\": [\"08:00-16:30\"]}");
                return OpeningHours.always(zone);
            }
            Map<DayOfWeek, List<OpeningHours.Range>> week = new EnumMap<>(DayOfWeek.class);
            Set<LocalDate> closed = new HashSet<>();
            for (String key : o.fieldNames()) {
                if (key.equals("closedDates")) {
                    for (String d : strings(o.getValue(key), at + ".closedDates")) {
                        try {
                            closed.add(LocalDate.parse(d));
                        } catch (DateTimeException e) {
                            problems.add(at + ".closedDates: '" + d + "' is not a date like 2026-12-24");
                        }
                    }
                    continue;
                }
                DayOfWeek day;
                try {
                    day = DayOfWeek.valueOf(key.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(at + "." + key + ": not a weekday (monday ... sunday) nor closedDates");
                    continue;
                }
                List<OpeningHours.Range> ranges = new ArrayList<>();
                for (String r : strings(o.getValue(key), at + "." + key)) {
                    String[] parts = r.split("-");
                    try {
                        LocalTime from = LocalTime.parse(parts[0].trim());
                        LocalTime to = LocalTime.parse(parts[1].trim());
                        if (!to.isAfter(from) || parts.length != 2) {
                            throw new DateTimeException("empty");
                        }
                        ranges.add(new OpeningHours.Range(from, to));
                    } catch (DateTimeException | ArrayIndexOutOfBoundsException e) {
                        problems.add(at + "." + key + ": '" + r + "' is not a time range like 08:00-16:30");
                    }
                }
                week.put(day, List.copyOf(ranges));
            }
            return new OpeningHours(zone, week, Set.copyOf(closed));
        }

        private JsonArray array(JsonObject o, String key, String at) {
            Object v = o.getValue(key);
            if (v instanceof JsonArray a) {
                return a;
            }
            problems.add(at + (v == null ? ": missing" : ": must be a list"));
            return null;
        }

        private String text(JsonObject o, String key, String at) {
            Object v = o.getValue(key);
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
            problems.add(at + "." + key + (v == null ? ": missing" : ": must be text, not " + v));
            return null;
        }

        private int integer(JsonObject o, String key, int fallback, int min, int max, String at) {
            Object v = o.getValue(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < min || n.intValue() > max) {
                problems.add(at + "." + key + ": must be a whole number " + min + "-" + max + ", not " + v);
                return fallback;
            }
            return n.intValue();
        }

        private List<String> strings(Object v, String at) {
            if (!(v instanceof JsonArray a) || a.stream().anyMatch(x -> !(x instanceof String))) {
                problems.add(at + ": must be a list of text");
                return List.of();
            }
            return a.stream().map(String.class::cast).toList();
        }
    }
}
