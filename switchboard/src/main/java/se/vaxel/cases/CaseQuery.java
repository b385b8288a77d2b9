package se.vaxel.cases;

import java.time.Instant;

/**
 * A search of the register; null filters are not applied. {@code from} inclusive, {@code to} exclusive.
 * {@code handledBy} keeps the cases offered to, or answered at, one agent's phone (an agent's own cases).
 */
public record CaseQuery(String number, String citizen, String service, String department, Case.Outcome outcome,
        Instant from, Instant to, int page, int size, String handledBy) {

    public static final int MAX_PAGE_SIZE = 200;

    public CaseQuery(String number, String citizen, String service, String department, Case.Outcome outcome, Instant from, Instant to,
            int page, int size) {
        this(number, citizen, service, department, outcome, from, to, page, size, null);
    }

    /** The same search, kept to the cases of this agent's phone. */
    public CaseQuery handledBy(String device) {
        return new CaseQuery(number, citizen, service, department, outcome, from, to, page, size, device);
    }
}
