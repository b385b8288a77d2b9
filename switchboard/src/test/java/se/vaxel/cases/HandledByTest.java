package se.vaxel.cases;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.vaxel.auth.Staff;

/**
 * An agent's own cases: offered to their phone, answered at it, or rung and missed there; no one else's. An officer's:
 * those transferred to their departments.
 */
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

    private final Case mine = Case.opened("c1", "+46701740611", t).with(new CaseEntry(t.plusSeconds(5), "offered", "PJSIP/1007", null));
    private final Case schools = Case.opened("c2", "+46701740612", t).withAgentFields(null, null, "transferred_to_back_office", "schools");
    private final Case parks = Case.opened("c3", "+46701740613", t).withAgentFields(null, null, "transferred_to_back_office", "parks");
    private final Case untransferred = Case.opened("c4", "+46701740614", t);

    @Test
    void eachSeesThePartOfTheRegisterTheirWorkNeeds() {
        java.util.Optional<String> phone = java.util.Optional.of("PJSIP/1007");

        CaseScope agent = CaseScope.of(new Staff("karin", "Karin", Set.of("agent", "protected_identity"), Set.of()), phone);
        assertSees(agent, Set.of(mine));
        CaseScope officer = CaseScope.of(new Staff("olle", "Olle", Set.of("officer"), Set.of("schools")), phone);
        assertSees(officer, Set.of(schools));
        CaseScope both = CaseScope.of(new Staff("bo", "Bo", Set.of("agent", "officer"), Set.of("parks")), phone);
        assertSees(both, Set.of(mine, parks));
        assertSees(CaseScope.of(new Staff("ulf", "Ulf", Set.of("officer"), Set.of()), phone), Set.of());
        assertSees(CaseScope.of(new Staff("wall", "Wallboard", Set.of("wallboard"), Set.of("schools")), phone), Set.of());
        assertSees(CaseScope.of(new Staff("nils", "Nils", Set.of("agent"), Set.of()), java.util.Optional.empty()), Set.of());
        for (Staff whole : new Staff[] {new Staff("sara", "Sara", Set.of("agent", "supervisor"), Set.of()),
                new Staff("ida", "Ida", Set.of("admin"), Set.of())}) {
            assertSees(CaseScope.of(whole, phone), Set.of(mine, schools, parks, untransferred));
        }
    }

    private void assertSees(CaseScope scope, Set<Case> seen) {
        for (Case c : new Case[] {mine, schools, parks, untransferred}) {
            org.junit.jupiter.api.Assertions.assertEquals(seen.contains(c), scope.covers(c), scope + " and " + c.id());
        }
    }
}
