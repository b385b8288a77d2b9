package se.vaxel.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One access to the case register, for the audit log: who (staff id), when, from which address, what
 * (read, search or update, with how it went), which cases, and the details (a search's filters, with phone
 * numbers and personal identity numbers masked; an update's fields). The id is made here, so that writing an
 * entry twice after a retry stores it once.
 */
public record CaseAccess(String id, Instant at, String staffId, Action action, Outcome outcome, List<String> caseIds,
        JsonObject detail, String address) {

    public enum Action {
        READ, SEARCH, UPDATE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** shown (a case or a page of cases), changed, not_found, or refused (a case hidden from them: a protected identity's). */
    public enum Outcome {
        SHOWN, CHANGED, NOT_FOUND, REFUSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CaseAccess {
        caseIds = List.copyOf(caseIds);
        detail = detail == null ? new JsonObject() : detail.copy();
    }

    public static CaseAccess now(String staffId, String address, Action action, Outcome outcome, List<String> caseIds, JsonObject detail) {
        return new CaseAccess(UUID.randomUUID().toString(), Instant.now(), staffId, action, outcome, caseIds, detail, address);
    }
}
