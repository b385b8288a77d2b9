package se.vaxel.pbxsim.conf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads queues.conf, resolving templates ({@code [name](!)} and {@code [queue](template)}). */
public final class QueuesParser {

    private QueuesParser() {
    }

    public static List<QueueDef> parse(String text) {
        ConfFile conf = ConfFile.parse(text);
        Map<String, ConfFile.Section> templates = new HashMap<>();
        List<QueueDef> out = new ArrayList<>();
        for (ConfFile.Section s : conf.sections()) {
            if (s.template()) {
                templates.put(s.name(), s);
            }
        }
        for (ConfFile.Section s : conf.sections()) {
            if (s.template() || s.name().equals("general")) {
                continue;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            List<QueueDef.MemberDef> members = new ArrayList<>();
            for (String t : s.inherits()) {
                ConfFile.Section tpl = templates.get(t);
                if (tpl == null) {
                    throw new IllegalArgumentException("queues.conf: [" + s.name() + "] uses unknown template " + t);
                }
                collect(tpl, settings, members);
            }
            collect(s, settings, members);
            out.add(new QueueDef(s.name(),
                    settings.getOrDefault("strategy", "ringall"),
                    intOf(settings, "timeout", 15),
                    intOf(settings, "retry", 5),
                    intOf(settings, "wrapuptime", 0),
                    boolOf(settings, "ringinuse", true),
                    joinEmpty(settings.getOrDefault("joinempty", "yes")),
                    boolOf(settings, "leavewhenempty", false),
                    intOf(settings, "servicelevel", 0),
                    intOf(settings, "maxlen", 0),
                    intOf(settings, "weight", 0),
                    settings.getOrDefault("musicclass", "default"),
                    List.copyOf(members)));
        }
        return out;
    }

    private static void collect(ConfFile.Section s, Map<String, String> settings, List<QueueDef.MemberDef> members) {
        for (ConfFile.Entry e : s.entries()) {
            if (e.key().equals("member")) {
                String[] p = e.value().split(",", -1);
                String iface = p[0].strip();
                int penalty = p.length > 1 && !p[1].isBlank() ? Integer.parseInt(p[1].strip()) : 0;
                String name = p.length > 2 && !p[2].isBlank() ? p[2].strip() : iface;
                String state = p.length > 3 && !p[3].isBlank() ? p[3].strip() : iface;
                members.add(new QueueDef.MemberDef(iface, penalty, name, state));
            } else {
                settings.put(e.key().toLowerCase(), e.value());
            }
        }
    }

    private static int intOf(Map<String, String> m, String k, int dflt) {
        String v = m.get(k);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.strip());
    }

    private static boolean boolOf(Map<String, String> m, String k, boolean dflt) {
        String v = m.get(k);
        return v == null ? dflt : isTrue(v);
    }

    static boolean isTrue(String v) {
        String s = v.strip().toLowerCase();
        return s.equals("yes") || s.equals("true") || s.equals("y") || s.equals("t") || s.equals("1") || s.equals("on");
    }

    /** joinempty = yes/no or a list of conditions; any condition list means "refuse when nobody can answer". */
    private static boolean joinEmpty(String v) {
        String s = v.strip().toLowerCase();
        return s.equals("yes") || s.equals("true") || s.equals("1");
    }
}
