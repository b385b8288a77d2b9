package se.vaxel.pbxsim.conf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed extensions.conf: globals and contexts. Immutable after parsing. */
public record Dialplan(Map<String, String> globals, Map<String, Context> contexts) {

    public record Context(String name, Map<String, Extension> extensions, List<String> includes) {

        /** The extension for a dialled string: an exact name first, then the most specific pattern. */
        Extension find(String exten) {
            Extension exact = extensions.get(exten);
            if (exact != null) {
                return exact;
            }
            List<Extension> hits = new ArrayList<>();
            for (Extension e : extensions.values()) {
                if (e.isPattern() && e.matches(exten)) {
                    hits.add(e);
                }
            }
            hits.sort(Comparator.comparingInt(Extension::specificity).reversed());
            return hits.isEmpty() ? null : hits.get(0);
        }
    }

    public boolean hasContext(String context) {
        return contexts.containsKey(context);
    }

    /** Finds the extension in the context or (depth-first) its includes; null when none matches. */
    public Extension find(String context, String exten) {
        return find(context, exten, 0);
    }

    private Extension find(String context, String exten, int depth) {
        Context c = contexts.get(context);
        if (c == null || depth > 8) {
            return null;
        }
        Extension e = c.find(exten);
        if (e != null) {
            return e;
        }
        for (String inc : c.includes()) {
            e = find(inc, exten, depth + 1);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    public Step step(String context, String exten, int priority) {
        Extension e = find(context, exten);
        return e == null ? null : e.steps().get(priority);
    }

    public static Map<String, Context> newContexts() {
        return new LinkedHashMap<>();
    }
}
