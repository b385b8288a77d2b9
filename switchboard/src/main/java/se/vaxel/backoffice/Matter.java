package se.vaxel.backoffice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.vaxel.cases.CaseEntry;

/**
 * A matter: what a citizen's call left for a department to handle, transferred from the contact centre with
 * a summary and a feedback deadline. One per case at most; its id is the case's. Immutable: every change
 * makes a new one with a later {@code updatedAt}.
 *
 * @param callerNumber the number to call the citizen back on (from the case)
 * @param citizenId    the citizen, when the directory knew them (from the case)
 * @param officer      the handling officer who claimed it; null while unclaimed
 * @param deadline     when the citizen is to have had feedback, counted in the department's working days
 * @param timeline     what happened: transferred, claimed, released, called, feedback
 * @param protectedIdentity the citizen had a protected identity when the case was transferred: the matter is
 *                     for the roles that may know such citizens only
 */
public record Matter(
        String id,
        String department,
        String summary,
        String callerNumber,
        String citizenId,
        String service,
        Status status,
        String transferredBy,
        Instant transferredAt,
        Instant deadline,
        String officer,
        String feedback,
        Instant closedAt,
        List<CaseEntry> timeline,
        Instant updatedAt,
        boolean protectedIdentity) implements java.io.Serializable {

    public static final int MAX_SUMMARY = 4000;
    public static final int MAX_FEEDBACK = 8000;
    /** The summary of an anonymised matter (retention): it marks the matter as done, in the map and the table. */
    public static final String ANONYMISED = "(anonymised)";

    public Matter {
        timeline = List.copyOf(timeline);
        transferredAt = ms(transferredAt);
        deadline = ms(deadline);
        closedAt = ms(closedAt);
        updatedAt = ms(updatedAt);
    }

    private static Instant ms(Instant at) {
        return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** open: waiting for an officer; claimed: an officer has it; closed: feedback given. */
    public enum Status {
        OPEN, CLAIMED, CLOSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public boolean overdue(Instant now) {
        return status != Status.CLOSED && now.isAfter(deadline);
    }

    /** The matter without what identifies the citizen or holds their words: number, citizen, summary, feedback. */
    Matter anonymised(Instant at) {
        List<CaseEntry> t = new ArrayList<>(timeline);
        t.add(new CaseEntry(at, "anonymised", null, null));
        return new Matter(id, department, ANONYMISED, null, null, service, status, transferredBy, transferredAt, deadline, officer,
                null, closedAt, t, at.isAfter(updatedAt) ? at : updatedAt.plusMillis(1), protectedIdentity);
    }

    Matter with(Status newStatus, String newOfficer, String newFeedback, Instant newClosedAt, CaseEntry entry) {
        List<CaseEntry> t = new ArrayList<>(timeline.size() + 1);
        t.addAll(timeline);
        t.add(entry);
        return new Matter(id, department, summary, callerNumber, citizenId, service, newStatus, transferredBy, transferredAt, deadline,
                newOfficer, newFeedback, newClosedAt, t, entry.at().isAfter(updatedAt) ? entry.at() : updatedAt, protectedIdentity);
    }

    /** The same matter with one more timeline entry and nothing else changed. */
    Matter with(CaseEntry entry) {
        return with(status, officer, feedback, closedAt, entry);
    }
}
