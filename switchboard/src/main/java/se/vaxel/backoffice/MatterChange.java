package se.vaxel.backoffice;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import se.vaxel.cases.CaseEntry;

/**
 * A change to one matter, applied where it lives (an entry processor on the partition's owner, then its
 * backups), so that two officers claiming the same matter at once cannot both get it: the second sees the
 * first's claim and is refused. Each answers a {@link Result}: the matter after, or why it was refused.
 */
public sealed interface MatterChange extends EntryProcessor<String, Matter, MatterChange.Result>, Serializable {

    /** The matter after the change, or the reason it was refused (with the matter as it is, if any). */
    record Result(Matter matter, String refused) implements Serializable {
        static Result ok(Matter m) {
            return new Result(m, null);
        }

        static Result no(Matter m, String why) {
            return new Result(m, why);
        }

        /** Sets the entry to {@code next} and answers it as accepted. */
        static Result set(Map.Entry<String, Matter> e, Matter next) {
            e.setValue(next);
            return ok(next);
        }

        public boolean accepted() {
            return refused == null;
        }
    }

    /** A case transferred to a department: the matter is created unless the case has one already. */
    record Transfer(Matter initial) implements MatterChange {
        @Override
        public Result process(Map.Entry<String, Matter> e) {
            Matter m = e.getValue();
            if (m != null) {
                return Result.no(m, "case " + m.id() + " was transferred already, to " + m.department() + " at " + m.transferredAt());
            }
            e.setValue(initial);
            return Result.ok(initial);
        }
    }

    /** An officer takes the matter; a supervisor may take it over from another ({@code takeOver}). */
    record Claim(String officer, boolean takeOver, Instant at) implements MatterChange {
        @Override
        public Result process(Map.Entry<String, Matter> e) {
            Matter m = e.getValue();
            if (m == null) {
                return Result.no(null, null);
            }
            if (m.status() == Matter.Status.CLOSED) {
                return Result.no(m, "the matter is closed");
            }
            if (m.status() == Matter.Status.CLAIMED) {
                if (officer.equals(m.officer())) {
                    return Result.ok(m); // claimed twice (a double click): nothing changes
                }
                if (!takeOver) {
                    return Result.no(m, "claimed by " + m.officer() + " already");
                }
            }
            return Result.set(e, m.with(Matter.Status.CLAIMED, officer, null, null,
                    new CaseEntry(at, "claimed", officer, m.officer() == null ? null : "from " + m.officer())));
        }
    }

    /** The claiming officer (or a supervisor) gives the matter back to the department, unclaimed. */
    record Release(String by, boolean anyone, Instant at) implements MatterChange {
        @Override
        public Result process(Map.Entry<String, Matter> e) {
            Matter m = e.getValue();
            if (m == null) {
                return Result.no(null, null);
            }
            if (m.status() != Matter.Status.CLAIMED || !(anyone || by.equals(m.officer()))) {
                return Result.no(m, m.status() == Matter.Status.CLAIMED ? "claimed by " + m.officer() + ", not by " + by
                        : "the matter is " + m.status().wireName() + ", not claimed");
            }
            return Result.set(e, m.with(Matter.Status.OPEN, null, null, null, new CaseEntry(at, "released", by, "was " + m.officer())));
        }
    }

    /** The officer gave the citizen feedback: the matter is closed with it. */
    record Close(String by, boolean anyone, String feedback, Instant at) implements MatterChange {
        public Close {
            if (feedback == null || feedback.isBlank()) {
                throw new IllegalArgumentException("feedback: what the citizen was told is required to close a matter");
            }
            if (feedback.length() > Matter.MAX_FEEDBACK) {
                throw new IllegalArgumentException("feedback: at most " + Matter.MAX_FEEDBACK + " characters");
            }
        }

        @Override
        public Result process(Map.Entry<String, Matter> e) {
            Matter m = e.getValue();
            if (m == null) {
                return Result.no(null, null);
            }
            if (m.status() == Matter.Status.CLOSED) {
                return Result.no(m, "the matter is closed already");
            }
            if (!(anyone || by.equals(m.officer()))) {
                return Result.no(m, m.officer() == null ? "claim the matter before closing it" : "claimed by " + m.officer());
            }
            Matter next = m.with(Matter.Status.CLOSED, m.officer() == null ? by : m.officer(), feedback, at,
                    new CaseEntry(at, "closed", by, null));
            return Result.set(e, next);
        }
    }

    /** Something worth its place in the matter's timeline: a call back placed, and how it went. */
    record Note(CaseEntry entry) implements MatterChange {
        @Override
        public Result process(Map.Entry<String, Matter> e) {
            Matter m = e.getValue();
            if (m == null) {
                return Result.no(null, null);
            }
            return Result.set(e, m.with(entry));
        }
    }

    /** Retention: a matter closed before {@code cutoff} loses what identifies the citizen (once). */
    record Anonymise(Instant cutoff, Instant at) implements MatterChange {
        @Override
        public Result process(Map.Entry<String, Matter> e) {
            Matter m = e.getValue();
            if (m == null || m.status() != Matter.Status.CLOSED || !m.closedAt().isBefore(cutoff) || Matter.ANONYMISED.equals(m.summary())) {
                return Result.no(m, "not due");
            }
            return Result.set(e, m.anonymised(at));
        }
    }
}
