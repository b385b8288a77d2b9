package se.vaxel.cases;

import java.time.Instant;

/** A search of the register; null filters are not applied. {@code from} inclusive, {@code to} exclusive. */
public record CaseQuery(String number, String citizen, String service, String department, Case.Outcome outcome,
        Instant from, Instant to, int page, int size) {

    public static final int MAX_PAGE_SIZE = 200;
}
