package se.vaxel.pbxsim.core;

/**
 * Variable substitution as the dialplan does it: {@code ${NAME}}, {@code ${NAME:offset:length}}, functions
 * (CALLERID(num|name|all), CONNECTEDLINE(num|name), IF(cond?a:b), LEN(s), EXISTS(s)), the built-ins
 * EXTEN, CONTEXT, PRIORITY, CHANNEL, UNIQUEID, LINKEDID, EPOCH, and {@code $[expression]}. A channel
 * variable hides a global of the same name.
 */
final class Vars {

    private final PbxCore core;

    Vars(PbxCore core) {
        this.core = core;
    }

    String substitute(Channel ch, String s) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '[')) {
                char open = s.charAt(i + 1);
                char close = open == '{' ? '}' : ']';
                int end = matching(s, i + 1, open, close);
                if (end < 0) {
                    out.append(s, i, s.length());
                    break;
                }
                String inner = substitute(ch, s.substring(i + 2, end));
                out.append(open == '{' ? lookup(ch, inner) : Expr.eval(inner));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int matching(String s, int openAt, char open, char close) {
        int depth = 0;
        for (int i = openAt; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A variable or function by name, as GetVar and ${...} read it; "" when unset. */
    String lookup(Channel ch, String expr) {
        int paren = expr.indexOf('(');
        if (paren > 0 && expr.endsWith(")")) {
            return function(ch, expr.substring(0, paren).toUpperCase(), expr.substring(paren + 1, expr.length() - 1));
        }
        String name = expr;
        int offset = 0;
        Integer length = null;
        int colon = expr.indexOf(':');
        if (colon > 0) {
            name = expr.substring(0, colon);
            String[] parts = expr.substring(colon + 1).split(":", -1);
            offset = parseInt(parts[0]);
            if (parts.length > 1 && !parts[1].isEmpty()) {
                length = parseInt(parts[1]);
            }
        }
        String v = plain(ch, name);
        if (colon > 0) {
            v = substring(v, offset, length);
        }
        return v;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String substring(String v, int offset, Integer length) {
        int start = offset < 0 ? Math.max(0, v.length() + offset) : Math.min(offset, v.length());
        int end = length == null ? v.length()
                : length < 0 ? Math.max(start, v.length() + length) : Math.min(v.length(), start + length);
        return v.substring(start, end);
    }

    private String plain(Channel ch, String name) {
        if (ch != null) {
            switch (name) {
                case "EXTEN":
                    return ch.exten;
                case "CONTEXT":
                    return ch.context;
                case "PRIORITY":
                    return Integer.toString(ch.priority);
                case "CHANNEL":
                    return ch.name;
                case "UNIQUEID":
                    return ch.uniqueid;
                case "LINKEDID":
                    return ch.linkedid;
                default:
                    break;
            }
            String v = ch.vars.get(name);
            if (v != null) {
                return v;
            }
        }
        if (name.equals("EPOCH")) {
            return Long.toString(core.nowMs() / 1000);
        }
        String g = core.globals().get(name);
        return g == null ? "" : g;
    }

    private String function(Channel ch, String fn, String arg) {
        switch (fn) {
            case "CALLERID":
                if (ch == null) {
                    return "";
                }
                return switch (arg.toLowerCase()) {
                    case "num", "number" -> unknownAsEmpty(ch.cidNum);
                    case "name" -> unknownAsEmpty(ch.cidName);
                    case "all" -> "\"" + unknownAsEmpty(ch.cidName) + "\" <" + unknownAsEmpty(ch.cidNum) + ">";
                    default -> "";
                };
            case "CONNECTEDLINE":
                if (ch == null) {
                    return "";
                }
                return arg.equalsIgnoreCase("name") ? unknownAsEmpty(ch.connName) : unknownAsEmpty(ch.connNum);
            case "IF": {
                int q = arg.indexOf('?');
                if (q < 0) {
                    return "";
                }
                String[] branches = arg.substring(q + 1).split(":", 2);
                boolean cond = Expr.truthy(arg.substring(0, q).strip());
                return cond ? branches[0] : (branches.length > 1 ? branches[1] : "");
            }
            case "LEN":
                return Integer.toString(arg.length());
            case "EXISTS":
                return arg.isEmpty() ? "0" : "1";
            case "GLOBAL": {
                String g = core.globals().get(arg);
                return g == null ? "" : g;
            }
            default:
                return "";
        }
    }

    private static String unknownAsEmpty(String v) {
        return Channel.UNKNOWN.equals(v) ? "" : v;
    }
}
