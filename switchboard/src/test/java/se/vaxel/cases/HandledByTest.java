package se.vaxel.cases;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.vaxel.auth.Staff;

/** An agent's own cases: offered to their phone, answered at it, or rung and missed there; no one else's. */
class HandledByTest {

    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void aCaseIsAnAgentsWhenItWasOfferedToOrAnsweredAtTheirPhone() {
        Case arrived = Case.opened("c1", "+46701740611", t);
        Case offered = arrived.with(new CaseEntry(t.plusSeconds(5), "offered", "PJSIP/1007", null));
        Case missed = arrived.with(new CaseEntry(t.plusSeconds(5), "not answered", "PJSIP/1007", "NOANSWER"));
        Case answered = arrived.withCall("+46701740611", "schools", Case.Outcome.ANSWERED, "PJSIP/1007", t.plusSeconds(9), null, 9.0, null);
        for (Case c : new Case[] {offered, missed, answered}) {
            assertTrue(HandledBy.handledBy(c, "PJSIP/1007"), c.toString());
            assertFalse(HandledBy.handledBy(c, "PJSIP/1008"), "another agent's phone: " + c);
        }
        assertFalse(HandledBy.handledBy(arrived, "PJSIP/1007"), "never offered to them");
        assertFalse(HandledBy.handledBy(arrived.with(new CaseEntry(t, "updated", "PJSIP/1007", "notes")), "PJSIP/1007"),
                "only the offering steps count");
        assertFalse(HandledBy.handledBy(offered, null), "an agent without a phone has no cases");
    }

    @Test
    void onlyAgentsAreKeptToTheirOwnCases() {
        assertTrue(CaseViews.onlyOwnCases(new Staff("karin", "Karin", Set.of("agent"), Set.of())));
        assertTrue(CaseViews.onlyOwnCases(new Staff("karin", "Karin", Set.of("agent", "protected_identity"), Set.of())));
        assertFalse(CaseViews.onlyOwnCases(new Staff("sara", "Sara", Set.of("agent", "supervisor"), Set.of())));
        assertFalse(CaseViews.onlyOwnCases(new Staff("olle", "Olle", Set.of("officer"), Set.of("schools"))));
        assertFalse(CaseViews.onlyOwnCases(new Staff("ida", "Ida", Set.of("admin"), Set.of())));
    }
}
