package se.vaxel.audit;

import java.time.Instant;

/** A search of the audit log; null filters are not applied. {@code from} inclusive, {@code to} exclusive. */
public record AuditQuery(String caseId, String staffId, Instant from, Instant to, int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;
}
