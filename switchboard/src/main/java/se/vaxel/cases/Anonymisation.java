package se.vaxel.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What anonymising a closed case removes and what it keeps. Removed: what identifies the citizen or may
 * hold their words (the caller number, the citizen's id, the agent's free-text notes, and in the timeline
 * every {@code detail} and {@code who} not known to be harmless). Kept: what statistics need (service,
 * outcome, the times, wait and talk, the agent, category, resolution, department, and the timeline's steps
 * with their times). The case gets a timeline entry {@code anonymised}, which marks it as done and freezes it.
 */
public final class Anonymisation {

    /** The timeline entry that marks an anonymised case. */
    public static final String ENTRY = "anonymised";

    /**
     * Timeline entries whose {@code who} is a member of staff (an agent, a device): kept. Any other entry loses its
     * {@code who}, so an entry added later (e.g. by the back office) is anonymised whole until it is listed here.
     */
    static final Set<String> STAFF_WHO = Set.of("offered", "not answered", "answered", "transferred", "updated",
            "found at resync");

    /**
     * Timeline entries whose {@code detail} is a service, an outcome, a reason or the names of the fields an agent
     * changed: kept. Any other entry loses its detail (e.g. {@code transferred}, whose target may be an outside number).
     */
    static final Set<String> PLAIN_DETAIL = Set.of("service chosen", "queued", "service closed", "callback requested",
            "not answered", "ended", "found at resync", "updated");

    private Anonymisation() {}

    /**
     * The case without what identifies the citizen, marked {@code anonymised} at {@code at}. Its {@code updatedAt}
     * moves past every earlier version, so the database's newest-wins upsert keeps this one.
     */
    public static Case of(Case c, Instant at) {
        List<CaseEntry> timeline = new ArrayList<>(c.timeline().size() + 1);
        for (CaseEntry e : c.timeline()) {
            timeline.add(new CaseEntry(e.at(), e.what(), STAFF_WHO.contains(e.what()) ? e.who() : null,
                    PLAIN_DETAIL.contains(e.what()) ? e.detail() : null));
        }
        timeline.add(new CaseEntry(at, ENTRY, null, null));
        Instant updated = at.isAfter(c.updatedAt()) ? at : c.updatedAt().plusMillis(1);
        return new Case(c.id(), null, null, c.service(), c.outcome(), c.agent(), c.arrivedAt(), c.answeredAt(), c.endedAt(),
                c.waitSeconds(), c.talkSeconds(), c.category(), null, c.resolution(), c.department(), timeline, updated,
                c.protectedIdentity());
    }
}
