package se.vaxel.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.vaxel.cases.Case;
import se.vaxel.cases.CaseEntry;
import se.vaxel.routing.ContactCentre;

/** Cases as the recorder leaves them, made by the tests, and the catalogue they are counted against. */
final class HistoryCases {

    /** Two services with different targets (schools 20 s, elder care 30 s), names a CSV must quote, Stockholm time. */
    static final String CENTRE_JSON = """
            {"timeZone": "Europe/Stockholm",
             "services": [
               {"id": "schools", "name": "Skola, förskola \\"och\\" fritids", "ivrDigit": "3",
                "serviceLevel": {"share": 0.8, "withinSeconds": 20}},
               {"id": "elder-care", "name": "Äldreomsorg", "ivrDigit": "4",
                "serviceLevel": {"share": 0.8, "withinSeconds": 30}}],
             "agents": [{"id": "karin", "device": "PJSIP/1007", "skills": {"schools": 5, "elder-care": 5}}]}
            """;
    static final ContactCentre CENTRE = ContactCentre.parse(CENTRE_JSON, "the history tests' catalogue");

    private HistoryCases() {}

    /** A call that ended: answered ones talk {@code talk} seconds; the agent's resolution and a department, or nulls. */
    static Case ended(String id, String service, Case.Outcome outcome, Instant arrived, Double wait, Double talk, String resolution,
            String department) {
        boolean answered = outcome == Case.Outcome.ANSWERED || outcome == Case.Outcome.TRANSFERRED;
        Instant answeredAt = answered ? arrived.plusMillis(Math.round((wait == null ? 0 : wait) * 1000)) : null;
        Instant ended = arrived.plusSeconds(600);
        List<CaseEntry> timeline = new ArrayList<>(List.of(new CaseEntry(arrived, "arrived", null, null)));
        timeline.add(new CaseEntry(ended, "ended", null, outcome.wireName()));
        return new Case(id, "+46701740611", null, service, outcome, answered ? "PJSIP/1007" : null, arrived, answeredAt, ended, wait,
                answered ? talk : null, null, null, resolution, department, timeline, ended, false);
    }

    static Case ended(String id, String service, Case.Outcome outcome, Instant arrived, Double wait, Double talk) {
        return ended(id, service, outcome, arrived, wait, talk, null, null);
    }

    /** A call still going (in the IVR when {@code service} is null). */
    static Case open(String id, String service, Instant arrived) {
        Case c = Case.opened(id, "+46701740622", arrived);
        return c.withCall(c.callerNumber(), service, Case.Outcome.OPEN, null, null, null, null, null);
    }
}
