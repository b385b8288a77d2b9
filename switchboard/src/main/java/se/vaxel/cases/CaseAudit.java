package se.vaxel.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import se.vaxel.audit.AuditLog;
import se.vaxel.audit.CaseAccess;
import se.vaxel.auth.Auth;
import se.vaxel.privacy.Masking;

/**
 * What the case API tells the audit log: who read, searched or changed which cases, from where. A search's
 * filters are kept, with the phone number masked (and a citizen given by what looks like a personal identity
 * number), so the audit log holds no more personal data than it must. Only queues: never blocks a request.
 */
final class CaseAudit {

    /** Swedish personal identity numbers, with or without century and separator. */
    private static final Pattern PIN = Pattern.compile("(\\d{2})?\\d{6}[-+]?\\d{4}");
    /** Case ids as the table holds them; a longer id in a URL is no case anyway. */
    private static final int ID_LENGTH = 64;
    private static final int VALUE_LENGTH = 128;

    private final AuditLog log;

    CaseAudit(AuditLog log) {
        this.log = log;
    }

    void read(RoutingContext ctx, String id, CaseAccess.Outcome outcome) {
        read(Auth.staff(ctx).id(), Auth.address(ctx), id, outcome);
    }

    /** The same for a reader who is not an HTTP request (a desk's screen pop over its WebSocket). */
    void read(String who, String address, String id, CaseAccess.Outcome outcome) {
        record(who, address, CaseAccess.Action.READ, outcome, List.of(id), null);
    }

    void searched(RoutingContext ctx, CaseQuery q, CasePage page) {
        searched(Auth.staff(ctx).id(), Auth.address(ctx), q, page);
    }

    void searched(String who, String address, CaseQuery q, CasePage page) {
        JsonObject filters = new JsonObject();
        put(filters, "number", q.number() == null ? null : Masking.phone(q.number()));
        put(filters, "citizen", q.citizen() != null && PIN.matcher(q.citizen()).matches()
                ? Masking.personalIdentityNumber(q.citizen()) : q.citizen());
        put(filters, "service", q.service());
        put(filters, "department", q.department());
        put(filters, "outcome", q.outcome() == null ? null : q.outcome().wireName());
        put(filters, "from", q.from() == null ? null : q.from().toString());
        put(filters, "to", q.to() == null ? null : q.to().toString());
        JsonObject detail = new JsonObject().put("filters", filters).put("page", q.page()).put("size", q.size()).put("total", page.total());
        record(who, address, CaseAccess.Action.SEARCH, CaseAccess.Outcome.SHOWN, page.cases().stream().map(Case::id).toList(), detail);
    }

    void changed(String who, String address, String id, CaseAccess.Outcome outcome, CaseChange.AgentNotes change) {
        List<String> fields = new ArrayList<>();
        if (change.category() != null) {
            fields.add("category");
        }
        if (change.notes() != null) {
            fields.add("notes");
        }
        if (change.resolution() != null) {
            fields.add("resolution");
        }
        record(who, address, CaseAccess.Action.UPDATE, outcome, List.of(id), new JsonObject().put("fields", new JsonArray(fields)));
    }

    private void record(String who, String address, CaseAccess.Action action, CaseAccess.Outcome outcome, List<String> ids,
            JsonObject detail) {
        List<String> kept = ids.stream().map(id -> cut(id, ID_LENGTH)).toList();
        log.record(CaseAccess.now(who, address, action, outcome, kept, detail));
    }

    private static void put(JsonObject o, String key, String value) {
        if (value != null) {
            o.put(key, cut(value, VALUE_LENGTH));
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
