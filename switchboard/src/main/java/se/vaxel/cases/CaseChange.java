package se.vaxel.cases;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A change to one case, applied where the case lives (the partition's owner, then its backups) so that
 * writers never overwrite each other: the recorder's call facts and an agent's notes on the same case both
 * land, whatever their order. Each is a small delta, never the whole case. An anonymised case is frozen: no
 * change applies to it (see {@link Anonymisation}).
 */
public sealed interface CaseChange extends EntryProcessor<String, Case, Case>, Serializable {

    /** What an agent may record as the resolution of a case. */
    Set<String> RESOLUTIONS = Set.of("resolved_first_contact", "transferred_to_back_office", "callback_booked", "no_action");

    /** The call arrived: the case is created, unless it exists already (a repeated or late event). */
    record Open(Case initial) implements CaseChange {
        @Override
        public Case process(Map.Entry<String, Case> entry) {
            if (entry.getValue() == null) {
                entry.setValue(initial);
            }
            return entry.getValue();
        }
    }

    /**
     * What the call did: its facts as the recorder knows them now, and one more timeline entry. Agent fields
     * (category, notes, resolution, department) are left as they are.
     */
    record CallFacts(Instant arrivedAt, String callerNumber, String service, Case.Outcome outcome, String agent,
            Instant answeredAt, Instant endedAt, Double waitSeconds, Double talkSeconds, CaseEntry entry) implements CaseChange {
        @Override
        public Case process(Map.Entry<String, Case> e) {
            Case c = e.getValue() != null ? e.getValue() : Case.opened(e.getKey(), callerNumber, arrivedAt);
            if (c.anonymisedAt() != null) {
                return c; // anonymised: frozen
            }
            // What the recorder does not know is kept as stored: after a takeover the next owner's recorder starts from
            // the resync's picture of the call, which may lack what the previous owner saw (who answered, and when).
            Case next = c.withCall(or(callerNumber, c.callerNumber()), or(service, c.service()), outcome, or(agent, c.agent()),
                    or(answeredAt, c.answeredAt()), or(endedAt, c.endedAt()), or(waitSeconds, c.waitSeconds()),
                    or(talkSeconds, c.talkSeconds()));
            e.setValue(entry == null ? next : next.with(entry));
            return e.getValue();
        }
    }

    /**
     * The call ended while no node followed the PBX (its owner died, or Växel was down), found out at the next resync:
     * answered if anyone saw it answered, else unknown, ended at {@code at} (when it was noticed, at the latest).
     * A case closed meanwhile is left as it is.
     */
    record EndedUnseen(Instant at) implements CaseChange {
        @Override
        public Case process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null || c.outcome() != Case.Outcome.OPEN || c.anonymisedAt() != null) {
                return c;
            }
            // Seen answered: answered. Otherwise it may have been answered in the gap, or abandoned: not known.
            Case.Outcome outcome = c.answeredAt() != null ? Case.Outcome.ANSWERED : Case.Outcome.UNKNOWN;
            Case next = c.withCall(c.callerNumber(), c.service(), outcome, c.agent(), c.answeredAt(), at, c.waitSeconds(),
                    c.talkSeconds()).with(new CaseEntry(at, "ended", "not seen: found gone at resync", outcome.wireName()));
            e.setValue(next);
            return next;
        }
    }

    private static <T> T or(T known, T stored) {
        return known != null ? known : stored;
    }

    /**
     * The citizen directory knows the caller: the case is theirs (set once; a later lookup does not move it), and
     * protected if their identity is.
     */
    record CitizenIdentified(String citizenId, boolean protectedIdentity) implements CaseChange {
        @Override
        public Case process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null || c.citizenId() != null || c.anonymisedAt() != null) {
                return c;
            }
            Case next = c.withCitizen(citizenId, protectedIdentity);
            e.setValue(next);
            return next;
        }
    }

    /**
     * The directory says now that the case's citizen is (or no longer is) protected: the flag searches filter on
     * follows. Only for the citizen it was checked for, so a check that raced with another change cannot mislabel.
     */
    record ProtectionChecked(String citizenId, boolean protectedIdentity) implements CaseChange {
        @Override
        public Case process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null || !citizenId.equals(c.citizenId()) || c.protectedIdentity() == protectedIdentity) {
                return c;
            }
            Case next = c.withCitizen(citizenId, protectedIdentity);
            e.setValue(next);
            return next;
        }
    }

    /** An agent records what the contact was about and how it was resolved; who and when go in the timeline. */
    record AgentNotes(String category, String notes, String resolution, String by, Instant at) implements CaseChange {

        public AgentNotes {
            if (by == null || by.isBlank()) {
                throw new IllegalArgumentException("by: who makes the change is required");
            }
            if (resolution != null && !RESOLUTIONS.contains(resolution)) {
                throw new IllegalArgumentException("resolution: one of " + String.join(", ", new java.util.TreeSet<>(RESOLUTIONS))
                        + "; not '" + resolution + "'");
            }
            if (category != null && category.length() > 128) {
                throw new IllegalArgumentException("category: at most 128 characters");
            }
            if (notes != null && notes.length() > 8000) {
                throw new IllegalArgumentException("notes: at most 8000 characters");
            }
            if (category == null && notes == null && resolution == null) {
                throw new IllegalArgumentException("nothing to change: give category, notes or resolution");
            }
        }

        @Override
        public Case process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null || c.anonymisedAt() != null) {
                return c; // no such case: nothing is created from notes alone; an anonymised one takes no more
            }
            StringBuilder what = new StringBuilder();
            if (category != null) {
                what.append("category");
            }
            if (notes != null) {
                what.append(what.length() > 0 ? ", " : "").append("notes");
            }
            if (resolution != null) {
                what.append(what.length() > 0 ? ", " : "").append("resolution ").append(resolution.toLowerCase(Locale.ROOT));
            }
            Case next = c.withNotes(category, notes, resolution).with(new CaseEntry(at, "updated", by, what.toString()));
            e.setValue(next);
            return next;
        }
    }

    /**
     * The case became a matter for a department: its resolution says so and it names the department, and the
     * timeline says who transferred it and when. The matter itself lives in the back office.
     */
    record TransferredToBackOffice(String department, String by, Instant at) implements CaseChange {
        @Override
        public Case process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null) {
                return null;
            }
            Case next = c.withAgentFields(c.category(), c.notes(), "transferred_to_back_office", department)
                    .with(new CaseEntry(at, "transferred_to_back_office", by, department));
            e.setValue(next);
            return next;
        }
    }

    /** Something the back office did with the case's matter, for the case's timeline (claimed, closed). */
    record BackOfficeNote(CaseEntry entry) implements CaseChange {
        @Override
        public Case process(Map.Entry<String, Case> e) {
            Case c = e.getValue();
            if (c == null) {
                return null;
            }
            e.setValue(c.with(entry));
            return e.getValue();
        }
    }
}
