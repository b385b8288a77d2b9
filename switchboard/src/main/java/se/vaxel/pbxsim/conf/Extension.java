package se.vaxel.pbxsim.conf;

import java.util.Map;
import java.util.NavigableMap;

/** The priorities of one extension (or pattern) in a context. */
public record Extension(String name, NavigableMap<Integer, Step> steps, Map<String, Integer> labels) {

    public boolean isPattern() {
        return name.startsWith("_");
    }

    /**
     * Asterisk's pattern syntax: X = 0-9, Z = 1-9, N = 2-9, [a-c] ranges, "." = one or more of anything,
     * "!" = zero or more; other characters match themselves. Plain names match exactly.
     */
    public boolean matches(String exten) {
        if (!isPattern()) {
            return name.equals(exten);
        }
        return match(name, 1, exten, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '.') {
                return si < s.length();
            }
            if (c == '!') {
                return true;
            }
            if (si >= s.length()) {
                return false;
            }
            char x = s.charAt(si);
            switch (c) {
                case 'X', 'x' -> {
                    if (x < '0' || x > '9') {
                        return false;
                    }
                }
                case 'Z', 'z' -> {
                    if (x < '1' || x > '9') {
                        return false;
                    }
                }
                case 'N', 'n' -> {
                    if (x < '2' || x > '9') {
                        return false;
                    }
                }
                case '[' -> {
                    int close = p.indexOf(']', pi);
                    if (close < 0 || !inSet(p.substring(pi + 1, close), x)) {
                        return false;
                    }
                    pi = close;
                }
                default -> {
                    if (c != x) {
                        return false;
                    }
                }
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    private static boolean inSet(String set, char x) {
        for (int i = 0; i < set.length(); i++) {
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                if (x >= set.charAt(i) && x <= set.charAt(i + 2)) {
                    return true;
                }
                i += 2;
            } else if (set.charAt(i) == x) {
                return true;
            }
        }
        return false;
    }

    /** Rough specificity for ordering patterns as Asterisk does: fewer wildcard matches first. */
    int specificity() {
        if (!isPattern()) {
            return Integer.MAX_VALUE;
        }
        int score = 0;
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            score += switch (c) {
                case '.', '!' -> -1000;
                case 'X', 'x' -> 10;
                case 'Z', 'z' -> 11;
                case 'N', 'n' -> 12;
                case '[' -> 13;
                default -> 100;
            };
        }
        return score;
    }
}
