package se.vaxel.pbxsim.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * Asterisk's ini-like .conf format: {@code [section](template,...)}, {@code [name](!)} for templates,
 * {@code key = value} and {@code key => value} lines, {@code ;} comments (a {@code \;} stays literal).
 * Sections keep their lines in file order; a name may appear more than once (pjsip.conf does that).
 */
public record ConfFile(List<Section> sections) {

    public record Entry(String key, String value, int line) {
    }

    public record Section(String name, boolean template, List<String> inherits, List<Entry> entries) {
    }

    public static ConfFile parse(String text) {
        List<Section> out = new ArrayList<>();
        Section current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": section header without ]");
                }
                String name = line.substring(1, close).strip();
                boolean template = false;
                List<String> inherits = new ArrayList<>();
                String rest = line.substring(close + 1).strip();
                if (rest.startsWith("(") && rest.endsWith(")")) {
                    for (String t : rest.substring(1, rest.length() - 1).split(",")) {
                        t = t.strip();
                        if (t.equals("!")) {
                            template = true;
                        } else if (!t.isEmpty()) {
                            inherits.add(t);
                        }
                    }
                }
                current = new Section(name, template, inherits, new ArrayList<>());
                out.add(current);
                continue;
            }
            if (current == null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": entry outside any section");
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected key = value: " + line);
            }
            String key = line.substring(0, eq).strip();
            int valueStart = eq + 1;
            if (valueStart < line.length() && line.charAt(valueStart) == '>') {
                valueStart++;
            }
            current.entries().add(new Entry(key, line.substring(valueStart).strip(), i + 1));
        }
        return new ConfFile(out);
    }

    /** Drops the comment; "\;" is an escaped semicolon (kept as ";"). */
    static String stripComment(String line) {
        if (line.indexOf(';') < 0) {
            return line;
        }
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ';') {
                sb.append(';');
                i++;
            } else if (c == ';') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public Section section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
