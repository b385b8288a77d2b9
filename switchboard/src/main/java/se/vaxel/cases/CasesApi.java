package se.vaxel.cases;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.function.Supplier;
import se.vaxel.audit.AuditLog;
import se.vaxel.audit.CaseAccess;
import se.vaxel.auth.Auth;
import se.vaxel.auth.Staff;
import se.vaxel.http.QueryParams;

/**
 * {@code GET /api/cases} (search: number, citizen, service, department, outcome, from, to, page, size;
 * newest first), {@code GET /api/cases/{id}}, and {@code PATCH /api/cases/{id}} with the agent's
 * {@code category}, {@code notes} and {@code resolution}, recorded as made by the logged-in member of staff.
 * Every endpoint needs a log-in with one of {@link #ROLES}; a protected identity's case exists only for the roles
 * allowed it ({@link ProtectedIdentities}); every read, search and change goes to the audit log ({@link CaseAudit}).
 * A bad parameter or body gets a 400 saying which and why.
 */
public final class CasesApi {

    /** Who may use the case register: the front office, the back office, and those who oversee them. */
    public static final String[] ROLES = {Staff.AGENT, Staff.OFFICER, Staff.SUPERVISOR, Staff.ADMIN};

    private final Vertx vertx;
    /** The register once the cluster member runs; null before. */
    private final Supplier<CaseRegister> register;
    private final ProtectedIdentities identities;
    private final Auth auth;
    private final CaseAudit audit;
    private final OpenMatters openMatters;

    public CasesApi(Vertx vertx, Supplier<CaseRegister> register, ProtectedIdentities identities, Auth auth, AuditLog audit) {
        this(vertx, register, identities, auth, audit, OpenMatters.NONE);
    }

    /** With the back office's open matters in a citizen's history. */
    public CasesApi(Vertx vertx, Supplier<CaseRegister> register, ProtectedIdentities identities, Auth auth, AuditLog audit,
            OpenMatters openMatters) {
        this.openMatters = openMatters;
        this.vertx = vertx;
        this.register = register;
        this.identities = identities;
        this.auth = auth;
        this.audit = new CaseAudit(audit);
    }

    public void mount(Router router) {
        // The body is read before the log-in check, which waits for the session store: a body not asked for at
        // once would be lost while it waits.
        router.route("/api/cases*").handler(io.vertx.ext.web.handler.BodyHandler.create().setBodyLimit(16 * 1024));
        router.route("/api/cases*").handler(auth.require(ROLES));
        router.get("/api/cases").handler(this::search);
        router.get("/api/cases/:id").handler(this::one);
        router.get("/api/cases/:id/history").handler(this::history);
        router.patch("/api/cases/:id").handler(this::update);
    }

    private void search(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        CaseQuery query;
        try {
            query = query(ctx);
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        Staff me = Auth.staff(ctx);
        vertx.executeBlocking(() -> identities.search(r, query, me)).onSuccess(page -> {
            audit.searched(ctx, query, page);
            ctx.json(new JsonObject().put("total", page.total()).put("page", page.page()).put("size", page.size())
                    .put("cases", new JsonArray(page.cases().stream().map(CasesApi::json).toList())));
        }).onFailure(ctx::fail);
    }

    private void one(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        String id = ctx.pathParam("id");
        checked(r, id).onSuccess(checked -> {
            CaseAccess.Outcome seen = outcome(ctx, checked);
            audit.read(ctx, id, seen);
            if (seen == CaseAccess.Outcome.SHOWN) {
                ctx.json(json(checked.found()).put("citizenDetails", citizen(checked.citizen())));
            } else {
                noSuchCase(ctx, id); // a case hidden from this member of staff does not exist for them
            }
        }).onFailure(ctx::fail);
    }

    /** How many earlier contacts the history shows. */
    static final int HISTORY = 10;

    /**
     * The citizen's history for the screen pop: their earlier contacts (by citizen when the directory knew them,
     * else by the number), newest first, and the matters they have open in the back office. Audited as a read of
     * the case and a search of the earlier ones.
     */
    private void history(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        String id = ctx.pathParam("id");
        Staff me = Auth.staff(ctx);
        checked(r, id).onSuccess(checked -> {
            CaseAccess.Outcome seen = outcome(ctx, checked);
            audit.read(ctx, id, seen);
            if (seen != CaseAccess.Outcome.SHOWN) {
                noSuchCase(ctx, id);
                return;
            }
            Case c = checked.found();
            String citizen = c.citizenId();
            String number = citizen == null && c.callerNumber() != null && c.callerNumber().matches("\\+?[0-9]{3,20}")
                    ? c.callerNumber() : null;
            if (citizen == null && number == null) {
                ctx.json(new JsonObject().put("caseId", id).put("earlierCases", new JsonArray()).put("openMatters", new JsonArray()));
                return;
            }
            CaseQuery earlier = new CaseQuery(number, citizen, null, null, null, null, c.arrivedAt(), 0, HISTORY);
            vertx.executeBlocking(() -> identities.search(r, earlier, me)).compose(page -> {
                audit.searched(ctx, earlier, page);
                return openMatters.of(citizen, number, me).map(matters -> new JsonObject().put("caseId", id)
                        .put("earlierCases", new JsonArray(page.cases().stream().map(CasesApi::json).toList()))
                        .put("earlierTotal", page.total()).put("openMatters", matters));
            }).onSuccess(ctx::json).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    /** Whether this member of staff may see the case: shown, not found, or refused (hidden from them). */
    private CaseAccess.Outcome outcome(RoutingContext ctx, ProtectedIdentities.Checked checked) {
        if (checked == null) {
            return CaseAccess.Outcome.NOT_FOUND;
        }
        return identities.maySee(Auth.staff(ctx), checked) ? CaseAccess.Outcome.SHOWN : CaseAccess.Outcome.REFUSED;
    }

    /** The case checked against the citizen directory now (off the event loop); null when there is no such case. */
    private io.vertx.core.Future<ProtectedIdentities.Checked> checked(CaseRegister r, String id) {
        return io.vertx.core.Future.fromCompletionStage(r.get(id), vertx.getOrCreateContext())
                .compose(c -> c == null ? io.vertx.core.Future.succeededFuture(null) : vertx.executeBlocking(() -> identities.check(r, c)));
    }

    /** Who the citizen is, for the case screen; for a protected identity only that it is one. */
    static JsonObject citizen(Citizen c) {
        if (c == null) {
            return null;
        }
        if (c.protectedIdentity()) {
            return new JsonObject().put("id", c.id()).put("protectedIdentity", true);
        }
        return new JsonObject().put("id", c.id()).put("name", c.name()).put("personalIdentityNumber", c.personalIdentityNumber())
                .put("address", c.address()).put("protectedIdentity", false);
    }

    private void update(RoutingContext ctx) {
        CaseRegister r = registerOr503(ctx);
        if (r == null) {
            return;
        }
        CaseChange.AgentNotes change;
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("a JSON object is needed, e.g. {\"resolution\": \"resolved_first_contact\"}");
            }
            if (body.containsKey("by")) {
                // Refused rather than ignored: a client that still names someone learns that it is not taken.
                throw new IllegalArgumentException("by: not accepted; the change is recorded as made by the logged-in member of staff");
            }
            change = new CaseChange.AgentNotes(text(body, "category"), text(body, "notes"), text(body, "resolution"),
                    Auth.staff(ctx).id(), Instant.now());
        } catch (io.vertx.core.json.DecodeException e) {
            badRequest(ctx, "the body is not JSON: " + e.getMessage());
            return;
        } catch (IllegalArgumentException | ClassCastException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        String id = ctx.pathParam("id");
        // Only a case this member of staff may see can be changed; to the others it does not exist.
        checked(r, id).onSuccess(checked -> {
            CaseAccess.Outcome seen = outcome(ctx, checked);
            if (seen != CaseAccess.Outcome.SHOWN) {
                audit.changed(ctx, id, seen, change);
                noSuchCase(ctx, id);
                return;
            }
            io.vertx.core.Future.fromCompletionStage(r.apply(id, change), vertx.getOrCreateContext()).onSuccess(c -> {
                audit.changed(ctx, id, c == null ? CaseAccess.Outcome.NOT_FOUND : CaseAccess.Outcome.CHANGED, change);
                if (c == null) {
                    noSuchCase(ctx, id);
                } else if (c.anonymisedAt() != null) {
                    ctx.response().setStatusCode(409);
                    ctx.json(new JsonObject().put("error", "case " + id + " is anonymised: it takes no more changes"));
                } else {
                    ctx.json(json(c));
                }
            }).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    private static void noSuchCase(RoutingContext ctx, String id) {
        ctx.response().setStatusCode(404);
        ctx.json(new JsonObject().put("error", "no case " + id));
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(field + ": must be text");
        }
        return (String) v;
    }

    private static void badRequest(RoutingContext ctx, String why) {
        ctx.response().setStatusCode(400);
        ctx.json(new JsonObject().put("error", why));
    }

    /** The register, or null after answering 503 while it starts (the database and cluster come first). */
    private CaseRegister registerOr503(RoutingContext ctx) {
        CaseRegister r = register.get();
        if (r == null) {
            ctx.response().setStatusCode(503);
            ctx.json(new JsonObject().put("error", "the case register is starting"));
        }
        return r;
    }

    static CaseQuery query(RoutingContext ctx) {
        int page = QueryParams.integer(ctx, "page", 0, 0, 1_000_000);
        int size = QueryParams.integer(ctx, "size", 50, 1, CaseQuery.MAX_PAGE_SIZE);
        Case.Outcome outcome = null;
        String o = ctx.queryParams().get("outcome");
        if (o != null) {
            try {
                outcome = Case.Outcome.fromWire(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("outcome: one of open, answered, abandoned, transferred, callback, "
                        + "ended_in_ivr, closed; not '" + o + "'");
            }
        }
        return new CaseQuery(ctx.queryParams().get("number"), ctx.queryParams().get("citizen"), ctx.queryParams().get("service"),
                ctx.queryParams().get("department"), outcome, QueryParams.instant(ctx, "from"), QueryParams.instant(ctx, "to"), page, size);
    }

    static JsonObject json(Case c) {
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
