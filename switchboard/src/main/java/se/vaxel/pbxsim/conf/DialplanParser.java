package se.vaxel.pbxsim.conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads extensions.conf: {@code [globals]}, contexts, {@code exten =>}, {@code same =>}, priorities as numbers,
 * {@code n}, {@code n(label)}, {@code hint} (ignored) and {@code include =>}. {@code [general]} is skipped.
 */
public final class DialplanParser {

    private DialplanParser() {
    }

    public static Dialplan parse(String text) {
        ConfFile conf = ConfFile.parse(text);
        Map<String, String> globals = new LinkedHashMap<>();
        Map<String, Dialplan.Context> contexts = Dialplan.newContexts();
        for (ConfFile.Section s : conf.sections()) {
            if (s.name().equals("general")) {
                continue;
            }
            if (s.name().equals("globals")) {
                for (ConfFile.Entry e : s.entries()) {
                    globals.put(e.key(), e.value());
                }
                continue;
            }
            Dialplan.Context ctx = contexts.computeIfAbsent(s.name(),
                    n -> new Dialplan.Context(n, new LinkedHashMap<>(), new ArrayList<>()));
            parseContext(s, ctx);
        }
        return new Dialplan(Collections.unmodifiableMap(globals), Collections.unmodifiableMap(contexts));
    }

    private static void parseContext(ConfFile.Section s, Dialplan.Context ctx) {
        Map<String, Mutable> exts = new HashMap<>();
        Mutable last = null;
        for (ConfFile.Entry e : s.entries()) {
            switch (e.key()) {
                case "include" -> ctx.includes().add(e.value().strip());
                case "exten" -> {
                    int c1 = e.value().indexOf(',');
                    if (c1 < 0) {
                        throw error(e, "exten needs name,priority,application");
                    }
                    String name = e.value().substring(0, c1).strip();
                    Mutable m = exts.computeIfAbsent(name, Mutable::new);
                    addStep(m, e.value().substring(c1 + 1), e);
                    last = m;
                }
                case "same" -> {
                    if (last == null) {
                        throw error(e, "same => without a preceding exten");
                    }
                    addStep(last, e.value(), e);
                }
                default -> throw error(e, "unknown key " + e.key());
            }
        }
        for (Mutable m : exts.values()) {
            if (!m.steps.isEmpty()) {
                ctx.extensions().put(m.name, new Extension(m.name, Collections.unmodifiableNavigableMap(m.steps),
                        Collections.unmodifiableMap(m.labels)));
            }
        }
    }

    private static void addStep(Mutable m, String rest, ConfFile.Entry e) {
        int comma = rest.indexOf(',');
        if (comma < 0) {
            throw error(e, "expected priority,application");
        }
        String prio = rest.substring(0, comma).strip();
        String app = rest.substring(comma + 1).strip();
        if (prio.equals("hint")) {
            return;
        }
        String label = null;
        int paren = prio.indexOf('(');
        if (paren >= 0) {
            label = prio.substring(paren + 1, prio.lastIndexOf(')'));
            prio = prio.substring(0, paren);
        }
        int priority;
        if (prio.equals("n")) {
            priority = m.last + 1;
        } else if (prio.startsWith("n+")) {
            priority = m.last + Integer.parseInt(prio.substring(2));
        } else if (prio.equals("s")) {
            priority = m.last;
        } else {
            try {
                priority = Integer.parseInt(prio);
            } catch (NumberFormatException ex) {
                throw error(e, "bad priority " + prio);
            }
        }
        String appName = app;
        String data = "";
        int open = app.indexOf('(');
        if (open >= 0) {
            appName = app.substring(0, open).strip();
            int close = app.lastIndexOf(')');
            data = close > open ? app.substring(open + 1, close) : app.substring(open + 1);
        } else {
            int c = app.indexOf(',');
            if (c >= 0) {
                // the old "App,args" form
                appName = app.substring(0, c).strip();
                data = app.substring(c + 1);
            }
        }
        m.steps.put(priority, new Step(priority, label, appName, data, e.line()));
        if (label != null) {
            m.labels.put(label, priority);
        }
        m.last = priority;
    }

    private static IllegalArgumentException error(ConfFile.Entry e, String msg) {
        return new IllegalArgumentException("extensions.conf line " + e.line() + ": " + msg);
    }

    private static final class Mutable {
        final String name;
        final TreeMap<Integer, Step> steps = new TreeMap<>();
        final Map<String, Integer> labels = new HashMap<>();
        int last;

        Mutable(String name) {
            this.name = name;
        }
    }
}
