package se.vaxel.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The register's record of one contact: a citizen's call, from its arrival to how it ended, and what the
 * agent made of it. Immutable; every change makes a new one with a later {@code updatedAt}, which the
 * database's upsert uses to keep the newest.
 *
 * @param id                the call's id (Asterisk's Linkedid)
 * @param citizenId         the citizen the caller number belongs to, when the directory knows
 * @param waitSeconds       how long the citizen waited for an agent; null when unknown or never queued
 * @param timeline          what happened, in order
 * @param protectedIdentity the citizen had a protected identity when last checked: searches of staff without
 *                          a protected identity role leave such cases out (indexed); the directory is asked
 *                          again at read time, as a protection may be given or lifted later
 */
public record Case(
        String id,
        String callerNumber,
        String citizenId,
        String service,
        Outcome outcome,
        String agent,
        Instant arrivedAt,
        Instant answeredAt,
        Instant endedAt,
        Double waitSeconds,
        Double talkSeconds,
        String category,
        String notes,
        String resolution,
        String department,
        List<CaseEntry> timeline,
        Instant updatedAt,
        boolean protectedIdentity) implements java.io.Serializable {

    /** Times are kept to the millisecond, as the register (Compact) and the database both hold them. */
    public Case {
        timeline = List.copyOf(timeline);
        arrivedAt = ms(arrivedAt);
        answeredAt = ms(answeredAt);
        endedAt = ms(endedAt);
        updatedAt = ms(updatedAt);
    }

    static Instant ms(Instant at) {
        return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** How the call went; {@code open} while it is live. */
    public enum Outcome {
        OPEN, ANSWERED, ABANDONED, TRANSFERRED, CALLBACK, ENDED_IN_IVR, CLOSED,
        /**
         * The call ended while no node followed the PBX (a takeover's gap, Växel down) and nobody saw it answered:
         * whether it was is not known, so it is counted as neither answered nor abandoned.
         */
        UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public static Case opened(String id, String callerNumber, Instant arrivedAt) {
        return new Case(id, callerNumber, null, null, Outcome.OPEN, null, arrivedAt, null, null, null, null, null, null,
                null, null, List.of(new CaseEntry(arrivedAt, "arrived", null, null)), arrivedAt, false);
    }

    /** The same case with one more timeline entry. */
    public Case with(CaseEntry entry) {
        List<CaseEntry> t = new ArrayList<>(timeline.size() + 1);
        t.addAll(timeline);
        t.add(entry);
        return new Case(id, callerNumber, citizenId, service, outcome, agent, arrivedAt, answeredAt, endedAt, waitSeconds,
                talkSeconds, category, notes, resolution, department, t, entry.at().isAfter(updatedAt) ? entry.at() : updatedAt,
                protectedIdentity);
    }

    /** The same case with the agent's fields (category, notes, resolution, department) as given. */
    public Case withAgentFields(String newCategory, String newNotes, String newResolution, String newDepartment) {
        return new Case(id, callerNumber, citizenId, service, outcome, agent, arrivedAt, answeredAt, endedAt, waitSeconds,
                talkSeconds, newCategory, newNotes, newResolution, newDepartment, timeline, updatedAt, protectedIdentity);
    }

    /**
     * When the case was anonymised (the timeline's {@code anonymised} entry, see {@link Anonymisation}); null while
     * it still holds what identifies the citizen.
     */
    public Instant anonymisedAt() {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if (Anonymisation.ENTRY.equals(timeline.get(i).what())) {
                return timeline.get(i).at();
            }
        }
        return null;
    }

    /** Closed (the call ended, whatever its outcome) before the given time. */
    public boolean closedBefore(Instant cutoff) {
        return outcome != Outcome.OPEN && endedAt != null && endedAt.isBefore(cutoff);
    }

    public Case withCall(String number, String serviceQueue, Outcome callOutcome, String callAgent, Instant answered,
            Instant ended, Double waited, Double talked) {
        return new Case(id, number, citizenId, serviceQueue, callOutcome, callAgent, arrivedAt, answered, ended, waited, talked,
                category, notes, resolution, department, timeline, updatedAt, protectedIdentity);
    }

    /** The same case as the citizen's, protected or not as the directory says now. */
    public Case withCitizen(String citizen, boolean protectedNow) {
        return new Case(id, callerNumber, citizen, service, outcome, agent, arrivedAt, answeredAt, endedAt, waitSeconds,
                talkSeconds, category, notes, resolution, department, timeline, updatedAt, protectedNow);
    }

    /** The same case with what the agent recorded (null: that field as it was). */
    public Case withNotes(String newCategory, String newNotes, String newResolution) {
        return withAgentFields(newCategory != null ? newCategory : category, newNotes != null ? newNotes : notes,
                newResolution != null ? newResolution : resolution, department);
    }
}
