package se.vaxel.cases;

import java.time.Instant;

/**
 * A search of the register; null filters are not applied. {@code from} inclusive, {@code to} exclusive.
 * {@code scope} keeps it to the part of the register the member of staff who asks sees (null: the whole).
 */
public record CaseQuery(String number, String citizen, String service, String department, Case.Outcome outcome,
        Instant from, Instant to, int page, int size, CaseScope scope) {

    public static final int MAX_PAGE_SIZE = 200;

    public CaseQuery(String number, String citizen, String service, String department, Case.Outcome outcome, Instant from, Instant to,
            int page, int size) {
        this(number, citizen, service, department, outcome, from, to, page, size, null);
    }

    /** The same search, kept to this part of the register. */
    public CaseQuery within(CaseScope seen) {
        return new CaseQuery(number, citizen, service, department, outcome, from, to, page, size, seen);
    }
}
