package se.vaxel.cases;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Supplier;
import se.vaxel.audit.AuditLog;
import se.vaxel.audit.CaseAccess;
import se.vaxel.auth.Staff;

/**
 * The case register as a member of staff reads and changes it, wherever they ask from: the HTTP API
 * ({@link CasesApi}) and the desks' WebSocket (the screen pop, the agent's notes) share this, so both check the
 * citizen directory, hide protected identities and audit every access the same way. Nothing here blocks the
 * caller's event loop: directory look-ups and searches run on workers.
 */
public final class CaseViews {

    /** How many earlier contacts a history shows. */
    static final int HISTORY = 10;

    /** Who asks, and from which address (for the audit log). */
    public record Reader(Staff staff, String address) {}

    /** How an agent's notes went. */
    public enum Noted { CHANGED, NOT_FOUND, ANONYMISED }

    /** The outcome of an agent's notes, with the case as changed (null unless CHANGED or ANONYMISED). */
    public record NotesResult(Noted outcome, Case changed) {}

    private final Vertx vertx;
    private final Supplier<CaseRegister> register;
    private final ProtectedIdentities identities;
    private final CaseAudit audit;
    private final OpenMatters openMatters;
    private final java.util.function.Function<String, java.util.Optional<String>> phoneOf;
    private final java.util.List<java.util.function.BiConsumer<String, String>> resolutions = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CaseViews(Vertx vertx, Supplier<CaseRegister> register, ProtectedIdentities identities, AuditLog audit,
            OpenMatters openMatters) {
        this(vertx, register, identities, audit, openMatters, staffId -> java.util.Optional.empty());
    }

    /**
     * @param phoneOf an agent's phone (as Asterisk dials it) by their staff id: an agent sees the cases of their own
     *                phone only (offered to it or answered at it)
     */
    public CaseViews(Vertx vertx, Supplier<CaseRegister> register, ProtectedIdentities identities, AuditLog audit,
            OpenMatters openMatters, java.util.function.Function<String, java.util.Optional<String>> phoneOf) {
        this.phoneOf = phoneOf;
        this.vertx = vertx;
        this.register = register;
        this.identities = identities;
        this.audit = new CaseAudit(audit);
        this.openMatters = openMatters;
    }

    /**
     * Told (service, resolution) when an agent records the first resolution of a case: the figures count each case
     * once (a later correction does not move them; the history, computed from the cases, has the final one).
     */
    public void onFirstResolution(java.util.function.BiConsumer<String, String> listener) {
        resolutions.add(listener);
    }

    /** The register, or null while it starts (the database and the cluster come first). */
    public CaseRegister register() {
        return register.get();
    }

    ProtectedIdentities identities() {
        return identities;
    }

    CaseAudit audit() {
        return audit;
    }

    /** The case checked against the citizen directory now (off the event loop); null when there is no such case. */
    public Future<ProtectedIdentities.Checked> checked(CaseRegister r, String id) {
        return Future.fromCompletionStage(r.get(id), vertx.getOrCreateContext())
                .compose(c -> c == null ? Future.succeededFuture(null) : vertx.executeBlocking(() -> identities.check(r, c)));
    }

    /** Whether this member of staff may see the case: shown, not found, or refused (hidden from them). */
    public CaseAccess.Outcome outcome(Staff staff, ProtectedIdentities.Checked checked) {
        if (checked == null) {
            return CaseAccess.Outcome.NOT_FOUND;
        }
        return scope(staff).covers(checked.found()) && identities.maySee(staff, checked) ? CaseAccess.Outcome.SHOWN
                : CaseAccess.Outcome.REFUSED;
    }

    /** The part of the register this member of staff sees ({@link CaseScope}). */
    public CaseScope scope(Staff staff) {
        return CaseScope.of(staff, phoneOf.apply(staff.id()));
    }

    /**
     * The phone whose cases alone this member of staff may transfer (an agent's, who are not also supervisors), or
     * null when they may transfer any case they see.
     */
    public String ownPhone(Staff staff) {
        return staff.has(Staff.AGENT) && !staff.hasAny(java.util.List.of(Staff.SUPERVISOR, Staff.ADMIN))
                ? phoneOf.apply(staff.id()).orElse("(no phone)") : null;
    }

    /** Whether the case was offered to, or answered at, this phone. */
    public static boolean handledBy(Case c, String phone) {
        return HandledBy.handledBy(c, phone);
    }

    /** A search as this member of staff may make it: kept to the part of the register they see. */
    public CaseQuery scoped(Staff staff, CaseQuery query) {
        return query.within(scope(staff));
    }

    /**
     * The case of a call ringing at this agent's phone, for the screen pop: shown even when the citizen's identity
     * is protected and the agent may not know such citizens (the agent must answer the call; the pop then names no
     * one, see {@link #citizen}). Audited as a read. Null when the register has no such case (yet).
     */
    public Future<ProtectedIdentities.Checked> ringing(CaseRegister r, String id, Reader who) {
        return checked(r, id).onSuccess(checked -> audit.read(who.staff().id(), who.address(), id,
                checked == null ? CaseAccess.Outcome.NOT_FOUND : CaseAccess.Outcome.SHOWN));
    }

    /**
     * The citizen's history for the screen pop: their earlier contacts (by citizen when the directory knew them,
     * else by the number), newest first, and the matters they have open in the back office, as this member of staff
     * may see them. Audited as a search of the earlier ones.
     */
    public Future<JsonObject> history(CaseRegister r, Case c, Reader who) {
        String citizen = c.citizenId();
        String number = citizen == null && c.callerNumber() != null && c.callerNumber().matches("\\+?[0-9]{3,20}")
                ? c.callerNumber() : null;
        if (citizen == null && number == null) {
            return Future.succeededFuture(new JsonObject().put("caseId", c.id()).put("earlierCases", new JsonArray())
                    .put("earlierTotal", 0).put("openMatters", new JsonArray()));
        }
        CaseQuery earlier = new CaseQuery(number, citizen, null, null, null, null, c.arrivedAt(), 0, HISTORY);
        return vertx.executeBlocking(() -> identities.search(r, earlier, who.staff())).compose(page -> {
            audit.searched(who.staff().id(), who.address(), earlier, page);
            return openMatters.of(citizen, number, who.staff()).map(matters -> new JsonObject().put("caseId", c.id())
                    .put("earlierCases", new JsonArray(page.cases().stream().map(CaseViews::json).toList()))
                    .put("earlierTotal", page.total()).put("openMatters", matters));
        });
    }

    /**
     * The agent's fields of a case ({@code PATCH /api/cases/{id}}, a desk's {@code updateCase}): only a case this
     * member of staff may see can be changed; to the others it does not exist. Audited.
     */
    public Future<NotesResult> note(CaseRegister r, String id, CaseChange.AgentNotes change, Reader who) {
        return checked(r, id).compose(checked -> {
            CaseAccess.Outcome seen = outcome(who.staff(), checked);
            if (seen != CaseAccess.Outcome.SHOWN) {
                audit.changed(who.staff().id(), who.address(), id, seen, change);
                return Future.succeededFuture(new NotesResult(Noted.NOT_FOUND, null));
            }
            return Future.fromCompletionStage(r.apply(id, change), vertx.getOrCreateContext()).map(c -> {
                audit.changed(who.staff().id(), who.address(), id, c == null ? CaseAccess.Outcome.NOT_FOUND : CaseAccess.Outcome.CHANGED,
                        change);
                if (c == null) {
                    return new NotesResult(Noted.NOT_FOUND, null);
                }
                if (checked.found().resolution() == null && c.resolution() != null) {
                    resolutions.forEach(l -> l.accept(c.service(), c.resolution()));
                }
                return new NotesResult(c.anonymisedAt() != null ? Noted.ANONYMISED : Noted.CHANGED, c);
            });
        });
    }

    /**
     * The agent's fields from a JSON object (any of {@code category}, {@code notes}, {@code resolution}), as made by
     * {@code by} now. IllegalArgumentException saying which field is wrong; a {@code by} in the body is refused
     * rather than ignored, so that a client that still names someone learns that it is not taken.
     */
    public static CaseChange.AgentNotes notes(JsonObject body, String by) {
        if (body.containsKey("by")) {
            throw new IllegalArgumentException("by: not accepted; the change is recorded as made by the logged-in member of staff");
        }
        return new CaseChange.AgentNotes(text(body, "category"), text(body, "notes"), text(body, "resolution"), by, Instant.now());
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(field + ": must be text");
        }
        return (String) v;
    }

    /** Who the citizen is, for the case screen; for a protected identity only that it is one. */
    public static JsonObject citizen(Citizen c) {
        if (c == null) {
            return null;
        }
        if (c.protectedIdentity()) {
            return new JsonObject().put("id", c.id()).put("protectedIdentity", true);
        }
        return new JsonObject().put("id", c.id()).put("name", c.name()).put("personalIdentityNumber", c.personalIdentityNumber())
                .put("address", c.address()).put("protectedIdentity", false);
    }

    /** A case as the API shows it. */
    public static JsonObject json(Case c) {
        JsonArray timeline = new JsonArray();
        c.timeline().forEach(e -> timeline.add(new JsonObject().put("at", e.at().toString()).put("what", e.what())
                .put("who", e.who()).put("detail", e.detail())));
        return new JsonObject()
                .put("id", c.id())
                .put("callerNumber", c.callerNumber())
                .put("citizen", c.citizenId())
                .put("service", c.service())
                .put("outcome", c.outcome().wireName())
                .put("agent", c.agent())
                .put("arrivedAt", text(c.arrivedAt()))
                .put("answeredAt", text(c.answeredAt()))
                .put("endedAt", text(c.endedAt()))
                .put("waitSeconds", c.waitSeconds())
                .put("talkSeconds", c.talkSeconds())
                .put("category", c.category())
                .put("notes", c.notes())
                .put("resolution", c.resolution())
                .put("department", c.department())
                .put("timeline", timeline)
                .put("updatedAt", text(c.updatedAt()))
                .put("anonymisedAt", text(c.anonymisedAt()))
                .put("protectedIdentity", c.protectedIdentity());
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
