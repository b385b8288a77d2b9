package se.vaxel.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The history as {@code GET /api/history.csv} answers it: RFC 4180 (comma-separated, CRLF line ends, a field
 * with a comma, quote or line break in quotes, quotes doubled), a header row, then one row per (day, queue).
 * Numbers with dots as decimal separators and ratios as fractions (0.8123), whatever the reader's locale: see
 * README. A text field that a spreadsheet would take for a formula (= + - @ first) is quoted with a leading '.
 */
final class HistoryCsv {

    private static final String CRLF = "\r\n";

    private HistoryCsv() {}

    static String report(History.Report r, Function<String, String> nameOf) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("day", "complete", "queue", "name", "targetSeconds"));
        Figures.ALL.forEach(f -> header.add(f.name()));
        out.append(String.join(",", header)).append(CRLF);
        for (History.Day d : r.days()) {
            for (QueueDay q : d.queues()) {
                List<String> row = new ArrayList<>(List.of(d.day().toString(), Boolean.toString(d.complete()), text(q.queue()),
                        text(nameOf.apply(q.queue())), Figures.Figure.seconds(q.targetSeconds())));
                Figures.ALL.forEach(f -> row.add(f.text(q.counts())));
                out.append(String.join(",", row)).append(CRLF);
            }
        }
        return out.toString();
    }

    /** A text field as RFC 4180 wants it, and never a formula. */
    static String text(String s) {
        String v = s == null ? "" : s;
        boolean formula = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0;
        if (formula) {
            v = "'" + v;
        }
        if (formula || v.contains(",") || v.contains("\"") || v.contains("\r") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
