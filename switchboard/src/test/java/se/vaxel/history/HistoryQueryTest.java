package se.vaxel.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults of the history's parameters, and the CSV's text fields (what the API tests do not reach). */
class HistoryQueryTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private static HistoryQuery of(Map<String, String> params) {
        return HistoryQuery.of(params::get, TODAY);
    }

    @Test
    void theDaysDefaultToTheLastThirtyFinishedOnes() {
        assertEquals(new HistoryQuery(LocalDate.of(2026, 10, 24), LocalDate.of(2026, 11, 22), null), of(Map.of()));
        assertEquals(new HistoryQuery(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 22), "schools"),
                of(Map.of("from", "2026-11-01", "queue", "schools")));
        assertEquals(new HistoryQuery(TODAY, TODAY, null), of(Map.of("from", "2026-11-23")), "today so far");
        assertEquals(new HistoryQuery(LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 31), null), of(Map.of("to", "2026-10-31")));
        assertEquals(new HistoryQuery(TODAY, TODAY, null), of(Map.of("from", "2026-11-23", "to", "2026-11-23", "queue", "")));
    }

    @Test
    void aCsvTextFieldIsQuotedWhenItMustBeAndNeverAFormula() {
        assertEquals("schools", HistoryCsv.text("schools"));
        assertEquals("\"Skola, förskola \"\"och\"\" fritids\"", HistoryCsv.text("Skola, förskola \"och\" fritids"));
        assertEquals("\"a\r\nb\"", HistoryCsv.text("a\r\nb"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", HistoryCsv.text("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'+1\"", HistoryCsv.text("+1"));
        assertEquals("\"'@SUM(A1)\"", HistoryCsv.text("@SUM(A1)"));
        assertEquals("", HistoryCsv.text(null));
    }
}
