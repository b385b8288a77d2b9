package se.vaxel.pbxsim.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the inside of {@code $[...]} after variable substitution: | & = != < > <= >= + - * / % ! and
 * parentheses, with quoted or bare strings. Numbers compare numerically, anything else as strings; true is "1".
 */
final class Expr {

    private final List<String> tokens;
    private int pos;

    private Expr(List<String> tokens) {
        this.tokens = tokens;
    }

    static String eval(String text) {
        List<String> t = tokenize(text);
        if (t.isEmpty()) {
            return "";
        }
        Expr e = new Expr(t);
        String v = e.or();
        return v;
    }

    private static final String OPS = "|&=!<>+-*/%()";

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    end = s.length();
                }
                out.add("\u0000" + s.substring(i + 1, end));
                i = end + 1;
            } else if (i + 1 < s.length() && (s.startsWith("!=", i) || s.startsWith("<=", i) || s.startsWith(">=", i)
                    || s.startsWith("==", i) || s.startsWith("=~", i))) {
                out.add(s.substring(i, i + 2));
                i += 2;
            } else if (OPS.indexOf(c) >= 0 && !(c == '-' && startsNumber(s, i, out))) {
                out.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                i++;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && OPS.indexOf(s.charAt(i)) < 0
                        && s.charAt(i) != '"') {
                    i++;
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** A '-' is a sign when it starts an operand (nothing or an operator before it) and a digit follows. */
    private static boolean startsNumber(String s, int i, List<String> out) {
        boolean operandStart = out.isEmpty() || isOperator(out.get(out.size() - 1));
        return operandStart && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1));
    }

    private static boolean isOperator(String t) {
        return t.length() <= 2 && !t.startsWith("\u0000") && OPS.contains(t.substring(0, 1)) && !t.equals(")");
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String or() {
        String l = and();
        while ("|".equals(peek())) {
            pos++;
            String r = and();
            l = truthy(l) ? l : (truthy(r) ? r : "0");
        }
        return l;
    }

    private String and() {
        String l = cmp();
        while ("&".equals(peek())) {
            pos++;
            String r = cmp();
            l = truthy(l) && truthy(r) ? l : "0";
        }
        return l;
    }

    private String cmp() {
        String l = add();
        while (true) {
            String op = peek();
            if (op == null || !(op.equals("=") || op.equals("==") || op.equals("!=") || op.equals("<")
                    || op.equals(">") || op.equals("<=") || op.equals(">="))) {
                return l;
            }
            pos++;
            String r = add();
            int c = compare(l, r);
            boolean res = switch (op) {
                case "=", "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                default -> c >= 0;
            };
            l = res ? "1" : "0";
        }
    }

    private String add() {
        String l = mul();
        while ("+".equals(peek()) || "-".equals(peek())) {
            String op = tokens.get(pos++);
            String r = mul();
            long a = num(l);
            long b = num(r);
            l = Long.toString(op.equals("+") ? a + b : a - b);
        }
        return l;
    }

    private String mul() {
        String l = unary();
        while ("*".equals(peek()) || "/".equals(peek()) || "%".equals(peek())) {
            String op = tokens.get(pos++);
            String r = unary();
            long a = num(l);
            long b = num(r);
            l = switch (op) {
                case "*" -> Long.toString(a * b);
                case "/" -> b == 0 ? "0" : Long.toString(a / b);
                default -> b == 0 ? "0" : Long.toString(a % b);
            };
        }
        return l;
    }

    private String unary() {
        if ("!".equals(peek())) {
            pos++;
            return truthy(unary()) ? "0" : "1";
        }
        return primary();
    }

    private String primary() {
        String t = peek();
        if (t == null) {
            return "";
        }
        pos++;
        if (t.equals("(")) {
            String v = or();
            if (")".equals(peek())) {
                pos++;
            }
            return v;
        }
        return t.startsWith("\u0000") ? t.substring(1) : t;
    }

    static boolean truthy(String v) {
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (isNumber(v)) {
            return Double.parseDouble(v) != 0;
        }
        return true;
    }

    private static int compare(String a, String b) {
        if (isNumber(a) && isNumber(b)) {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        }
        return a.compareTo(b);
    }

    private static long num(String s) {
        if (isNumber(s)) {
            return (long) Double.parseDouble(s);
        }
        return 0;
    }

    static boolean isNumber(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (i == s.length()) {
            return false;
        }
        boolean dot = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
