package se.vaxel.audit;

import java.util.List;

/** One page of the audit log, newest first, and how many entries matched in all. */
public record AuditPage(long total, int page, int size, List<CaseAccess> entries) {}
